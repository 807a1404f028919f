package sc.fiji.draggan.plugin;

import sc.fiji.draggan.app.DragOptions;
import sc.fiji.draggan.app.DragOutcome;
import sc.fiji.draggan.app.DragUseCase;
import sc.fiji.draggan.app.LoadedModel;
import sc.fiji.draggan.app.ModelRegistry;












import sc.fiji.draggan.app.DragRequest;
import sc.fiji.draggan.edit.EditRegion;

import sc.fiji.draggan.ij.Arrows;
import sc.fiji.draggan.ij.DragOperation;
import sc.fiji.draggan.ij.DragPoints;
import sc.fiji.draggan.ij.EditMask;
import sc.fiji.draggan.ij.ImageConversion;
import sc.fiji.draggan.ij.InPlaceFrames;
import sc.fiji.draggan.ij.ResultInfo;

import sc.fiji.draggan.ij.Latent;
import sc.fiji.draggan.ij.RunMonitor;


import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.event.MouseEvent;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.gui.ImageCanvas;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.Toolbar;
import ij.plugin.tool.PlugInTool;
import ij.process.ImageProcessor;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.edit.StepResult;
import sc.fiji.draggan.invert.SourcePlacement;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.model.GeneratorImage;

/**
 * {@code Plugins>Tools>Drag GAN Tool}: DragGAN inside the image window. Click a handle, click its
 * target (an arrow appears), add more pairs; double-click the image to start: the window shows every
 * step live, with the step count and distances in the status bar; Esc or a click stops. The tool
 * icon's menu (right-click) starts, stops, resets the points and undoes the last drag (back to the
 * previous latent); double-clicking the icon opens the options (model, lr, λ, steps, device). The
 * drag runs on its own thread, never on the event thread. An image without Drag GAN latent
 * ({@link Latent}) is inverted first, and every step is put back into it at its size (docs/algorithm.md#results-in-place); the edit region is the ROI
 * Manager's area ROIs, as for {@code Drag GAN...}. On a stack the current slice is dragged and the
 * frames open as a new stack.
 */
public class DragGanTool extends PlugInTool {

	/** Per-image state: the pairs placed, a handle waiting for its target, the undo history, the run. */
	static final class State {
		final List<PointPair> pairs = new ArrayList<>();
		double[] pendingHandle;
		final Deque<Snapshot> history = new ArrayDeque<>();
		volatile RunMonitor running;
		volatile Thread worker;
		int dragsDone;
	}

	/** What a drag gave: the image that shows it (the image itself, or a new stack for a stack's slice) and the outcome. */
	static final class Done {
		final ImagePlus image;
		final DragOutcome outcome;

		Done(final ImagePlus image, final DragOutcome outcome) {
			this.image = image;
			this.outcome = outcome;
		}
	}

	/** What undo brings back. */
	static final class Snapshot {
		final Latent latent;
		final Object pixels;
		final List<PointPair> pairs;
		final Object info;

		Snapshot(final ImagePlus imp, final List<PointPair> pairs) {
			latent = Latent.of(imp);
			pixels = imp.getProcessor().getPixelsCopy();
			this.pairs = new ArrayList<>(pairs);
			info = imp.getProperty("Info");
		}
	}

	private static final Map<ImagePlus, State> STATES = new WeakHashMap<>();
	static final int MAX_UNDO = 20;
	private static final String PREF = "draggan.tool.";

	/** Options (double-click the tool icon); shared defaults with the Drag GAN... dialog where they match. */
	public static final class Options {
		public String model = DragOptions.MODEL.defaultValue;
		public int steps = DragOptions.N_STEPS.defaultValue;
		public double lr = DragOptions.LR.defaultValue;
		public double lambdaMask = DragOptions.LAMBDA_MASK.defaultValue;
		public String device = DragOptions.DEVICE.defaultValue;
		public boolean roiManagerMask = true;
		/** Projection steps for an image without latent (inverted in place first). */
		public int invertSteps = DragOptions.INVERT_STEPS.defaultValue;

		/** The defaults of {@link DragOptions}, not the saved preferences. */
		static Options defaults() {
			return new Options();
		}

		/** The user's saved choices over the defaults. */
		static Options saved() {
			final Options o = new Options();
			o.model = Prefs.get("draggan.model", o.model);
			o.steps = (int) Prefs.get(PREF + "steps", o.steps);
			o.lr = Prefs.get(PREF + "lr", o.lr);
			o.lambdaMask = Prefs.get(PREF + "lambda_mask", o.lambdaMask);
			o.device = Prefs.get(PREF + "device", o.device);
			o.roiManagerMask = Prefs.get(PREF + "roi_manager_mask", o.roiManagerMask);
			o.invertSteps = (int) Prefs.get(PREF + "invert_steps", o.invertSteps);
			return o;
		}

		void save() {
			Prefs.set("draggan.model", model);
			Prefs.set(PREF + "steps", steps);
			Prefs.set(PREF + "lr", lr);
			Prefs.set(PREF + "lambda_mask", lambdaMask);
			Prefs.set(PREF + "device", device);
			Prefs.set(PREF + "roi_manager_mask", roiManagerMask);
			Prefs.set(PREF + "invert_steps", invertSteps);
		}
	}

	private static final Options OPTIONS = Options.saved();

	/** The current options (a live object: tests and scripts may set fields). */
	public static Options options() {
		return OPTIONS;
	}

	// -- PlugInTool --

	@Override
	public String getToolName() {
		return "Drag GAN Tool";
	}

	@Override
	public String getToolIcon() {
		// yellow arrow from a red handle (lower left) to a blue target (upper right)
		return "Cfc0L3cb4Lb474Lb4b8Cf00o1b44C00foa044";
	}

	@Override
	public void mousePressed(final ImagePlus imp, final MouseEvent e) {
		e.consume();
		final State s = state(imp);
		if (s.running != null) { // a click stops
			s.running.cancel();
			return;
		}
		if (e.getClickCount() >= 2) { // double-click: undo the point of the first click, then start
			removeLastPoint(imp, s);
			start(imp);
			return;
		}
		final ImageCanvas ic = imp.getCanvas();
		final double x = ic != null ? ic.offScreenXD(e.getX()) : e.getX(), y = ic != null ? ic.offScreenYD(e.getY()) : e.getY();
		addPoint(imp, Math.floor(x), Math.floor(y));
	}

	@Override
	public void showPopupMenu(final MouseEvent e, final Toolbar tb) {
		final ImagePlus imp = ij.WindowManager.getCurrentImage();
		final PopupMenu menu = new PopupMenu();
		item(menu, "Start drag (or double-click the image)", () -> start(imp));
		item(menu, "Stop (Esc or click)", () -> stop(imp));
		item(menu, "Undo last drag", () -> undo(imp));
		item(menu, "Reset points", () -> resetPoints(imp));
		menu.addSeparator();
		item(menu, "Options...", this::showOptionsDialog);
		tb.add(menu);
		menu.show(e.getComponent(), e.getX(), e.getY());
	}

	private static void item(final PopupMenu menu, final String label, final Runnable r) {
		final MenuItem mi = new MenuItem(label);
		mi.addActionListener(a -> r.run());
		menu.add(mi);
	}

	@Override
	public void showOptionsDialog() {
		final GenericDialog gd = new GenericDialog("Drag GAN Tool Options");
		gd.addFileField("model", OPTIONS.model, 40);
		gd.addMessage("(" + sc.fiji.draggan.app.DefaultModel.HINT + ")");
		gd.addNumericField("n_steps", OPTIONS.steps, 0, 6, "(at most; stops when every handle is on its target)");
		gd.addNumericField("lr", OPTIONS.lr, 4, 6, "(0 = automatic: 0.001 generated, 0.01 real pictures)");
		gd.addNumericField("lambda_mask", OPTIONS.lambdaMask, 1);
		gd.addChoice("device", DragOptions.DEVICE.choices(), OPTIONS.device);
		gd.addCheckbox("Edit region from the ROI Manager's area ROIs", OPTIONS.roiManagerMask);
		gd.addNumericField("invert_steps", OPTIONS.invertSteps, 0, 6, "(images without latent are inverted first)");
		gd.addMessage("Click handle, click target (repeat for more pairs); double-click the image to start.\n" +
			"Esc or a click stops. Right-click this icon: undo the last drag, reset the points.");
		gd.showDialog();
		if (gd.wasCanceled()) return;
		OPTIONS.model = gd.getNextString().trim();
		OPTIONS.steps = Math.max(1, (int) gd.getNextNumber());
		OPTIONS.lr = gd.getNextNumber();
		OPTIONS.lambdaMask = gd.getNextNumber();
		OPTIONS.device = gd.getNextChoice();
		OPTIONS.roiManagerMask = gd.getNextBoolean();
		OPTIONS.invertSteps = Math.max(1, (int) gd.getNextNumber());
		OPTIONS.save();
	}

	// -- actions (public for scripts and the GUI test) --

	/** The state of an image (created on first use). */
	static synchronized State state(final ImagePlus imp) {
		State s = STATES.get(imp);
		if (s == null) STATES.put(imp, s = new State());
		return s;
	}

	/** Adds a point at image coordinates: a handle, or the target of the pending handle. */
	public static void addPoint(final ImagePlus imp, final double x, final double y) {
		final State s = state(imp);
		if (s.running != null) return;
		if (x < 0 || y < 0 || x >= imp.getWidth() || y >= imp.getHeight()) return;
		if (s.pendingHandle == null) {
			s.pendingHandle = new double[] { x, y };
			IJ.showStatus("Drag GAN: handle " + (s.pairs.size() + 1) + " at " + DragPoints.num(x) + "," + DragPoints.num(y) + "; now click its target");
		}
		else {
			s.pairs.add(new PointPair(s.pendingHandle[0], s.pendingHandle[1], x, y));
			s.pendingHandle = null;
			IJ.showStatus("Drag GAN: " + s.pairs.size() + " pair" + (s.pairs.size() == 1 ? "" : "s") + "; double-click to start");
		}
		redraw(imp, s, s.pairs);
	}

	private static void removeLastPoint(final ImagePlus imp, final State s) {
		if (s.pendingHandle != null) s.pendingHandle = null;
		else if (!s.pairs.isEmpty()) {
			final PointPair last = s.pairs.remove(s.pairs.size() - 1);
			s.pendingHandle = new double[] { last.handleX, last.handleY };
		}
		redraw(imp, s, s.pairs);
	}

	/** The pairs placed on an image (handles where the last drag left them). */
	public static List<PointPair> pairs(final ImagePlus imp) {
		return new ArrayList<>(state(imp).pairs);
	}

	public static boolean isRunning(final ImagePlus imp) {
		return state(imp).running != null;
	}

	public static void resetPoints(final ImagePlus imp) {
		if (imp == null) return;
		final State s = state(imp);
		if (s.running != null) return;
		s.pairs.clear();
		s.pendingHandle = null;
		redraw(imp, s, s.pairs);
		IJ.showStatus("Drag GAN: points reset");
	}

	public static void stop(final ImagePlus imp) {
		if (imp == null) return;
		final RunMonitor m = state(imp).running;
		if (m != null) m.cancel();
	}

	/** Back to the latent, pixels and points before the last drag. */
	public static boolean undo(final ImagePlus imp) {
		if (imp == null) return false;
		final State s = state(imp);
		if (s.running != null || s.history.isEmpty()) {
			IJ.showStatus(s.running != null ? "Drag GAN: stop the drag first" : "Drag GAN: nothing to undo");
			return false;
		}
		final Snapshot snap = s.history.pop();
		imp.getProcessor().setPixels(snap.pixels);
		if (snap.latent != null) snap.latent.attachTo(imp);
		else Latent.detach(imp);
		imp.setProperty("Info", snap.info);
		s.pairs.clear();
		s.pairs.addAll(snap.pairs);
		s.pendingHandle = null;
		redraw(imp, s, s.pairs);
		imp.updateAndDraw();
		IJ.showStatus("Drag GAN: undone (" + s.history.size() + " more undo step" + (s.history.size() == 1 ? "" : "s") + ")");
		return true;
	}

	/** Starts dragging the placed pairs on its own thread; returns that thread, or null when it cannot start. */
	public static Thread start(final ImagePlus imp) {
		if (imp == null) return null;
		final State s = state(imp);
		if (s.running != null) return null;
		final String problem = cannotStart(imp, s);
		if (problem != null) {
			IJ.showStatus("Drag GAN: " + problem);
			IJ.beep();
			return null;
		}
		if (ModelRegistry.busy()) {
			IJ.showStatus("Drag GAN: another Drag GAN run is in progress");
			return null;
		}
		final RunMonitor monitor = new RunMonitor("Drag GAN", true);
		s.running = monitor;
		final List<PointPair> pairs = new ArrayList<>(s.pairs);
		final EditRegion movable = OPTIONS.roiManagerMask ? roiManagerMask(imp) : null;
		final Thread t = new Thread(() -> {
			try {
				drag(imp, s, pairs, movable, monitor);
			}
			catch (final Throwable e) {
				IJ.log("Drag GAN error: " + message(e));
				IJ.showStatus("Drag GAN: " + message(e));
				if (!java.awt.GraphicsEnvironment.isHeadless()) IJ.error("Drag GAN", message(e));
			}
			finally {
				s.running = null;
				s.worker = null;
			}
		}, "Drag GAN Tool");
		s.worker = t;
		t.start();
		return t;
	}

	private static String cannotStart(final ImagePlus imp, final State s) {
		if (s.pairs.isEmpty()) return "place a handle and its target first";
		return null;
	}

	/**
	 * The worker: the one drag use case. A single image shows every step in its own window (undo
	 * keeps what it was); on a stack the current slice is dragged and the frames open as a new stack,
	 * as {@code Drag GAN...} makes them. Returns the image that holds the result, and the outcome.
	 */
	static Done drag(final ImagePlus imp, final State s, final List<PointPair> pairs, final EditRegion region, final RunMonitor monitor) throws Exception {
		final DragRequest q = request(pairs, region);
		final String mask = region == null ? "none" : "ROI Manager (" + region.count() + " px)";
		if (imp.getStackSize() > 1) return dragSlice(imp, s, q, mask, monitor);
		final Snapshot before = new Snapshot(imp, pairs);
		final String note = DragOperation.startFrom(imp, q);
		if (note != null) monitor.status(note);
		final SourcePlacement[] placement = new SourcePlacement[1];
		final DragOutcome r = new DragUseCase(SciJava.context().service(DragGanService.class).registry()).run(q, monitor, new DragUseCase.Listener() {

			@Override
			public void placed(final SourcePlacement p) {
				placement[0] = p;
			}

			@Override
			public Path keepTuned(final Generator tuned, final LoadedModel base) {
				return DragOperation.keepTuned(tuned, base, imp.getTitle());
			}

			@Override
			public void started(final GeneratorImage startImage, final List<PointPair> now) {
				show(imp, s, startImage, placement[0], picture(now, q, placement[0]));
			}

			@Override
			public void step(final StepResult step, final List<PointPair> now) {
				show(imp, s, step.image, placement[0], picture(now, q, placement[0]));
			}
		});
		if (r.drag == null || r.steps() == 0) {
			monitor.done();
			monitor.status(r.drag == null ? "stopped while inverting '" + imp.getTitle() + "'" : "stopped before the first step");
			return new Done(imp, r);
		}
		show(imp, s, r.drag.finalImage(), r.placement, r.finalPoints);
		DragOperation.attachLatent(imp, r);
		imp.setProp(DragOperation.TRACE_KEY, r.traceJson().toString());
		s.history.push(before);
		while (s.history.size() > MAX_UNDO) s.history.removeLast();
		s.pairs.clear();
		s.pairs.addAll(r.finalPoints);
		s.dragsDone++;
		imp.setProperty("Info", ResultInfo.edited(imp.getTitle(), r, DragOperation.regionSource(r, mask), parameterLine()));
		monitor.done();
		DragOperation.logWarning(r);
		monitor.status(status(r));
		return new Done(imp, r);
	}

	/** The status after a drag: verdict, tracked and content distances, the content-lag warning when there is one (docs/algorithm.md#content-lag). */
	static String status(final DragOutcome r) {
		return r.report() + " (right-click the tool icon to undo)";
	}

	/** The tool's drag of its options (points and region in the image's pixels; where it starts is the image's business). */
	private static DragRequest request(final List<PointPair> pairs, final EditRegion region) {
		final DragRequest q = new DragRequest();
		q.model = OPTIONS.model == null || OPTIONS.model.trim().isEmpty() ? null : Paths.get(OPTIONS.model.trim());
		q.device = OPTIONS.device;
		q.points = pairs;
		q.region = region;
		q.autoRegion = true; // no ROI Manager region: a real picture may change around the pairs only
		q.parameters = DragOptions.parameters(OPTIONS.lr, OPTIONS.lambdaMask, DragOptions.R1.defaultValue, DragOptions.R2.defaultValue,
			DragOptions.FEATURE_BLOCK.defaultValue, DragOptions.SPACE.defaultValue);
		q.maxSteps = OPTIONS.steps;
		q.every = 1;
		q.inversion.steps = OPTIONS.invertSteps;
		return q;
	}

	private static String parameterLine() {
		return String.format(Locale.ROOT, "tool: n_steps=%d lr=%s lambda_mask=%s device=%s", OPTIONS.steps, OPTIONS.lr, OPTIONS.lambdaMask, OPTIONS.device);
	}

	/**
	 * A stack: its current slice is dragged through {@link DragOperation} (the command's adapter) and the
	 * frames open as a new stack, live; the stack keeps its pixels and the result takes the final pairs,
	 * so a double-click on it goes on from there.
	 */
	private static Done dragSlice(final ImagePlus imp, final State s, final DragRequest q, final String mask, final RunMonitor monitor)
		throws Exception
	{
		final DragOperation.Presentation p = new DragOperation.Presentation();
		p.live = CommandSupport.canShowWindows();
		p.maskSource = mask;
		p.parameterLine = parameterLine() + " slice=" + imp.getCurrentSlice();
		final DragOperation.Outcome o = DragOperation.run(imp, q, p, SciJava.context().service(DragGanService.class).registry(), monitor);
		if (CommandSupport.canShowWindows()) o.result.show();
		s.pairs.clear();
		s.pendingHandle = null;
		redraw(imp, s, s.pairs);
		final State next = state(o.result);
		next.pairs.clear();
		next.pairs.addAll(o.finalPoints);
		s.dragsDone++;
		return new Done(o.result, o.drag);
	}

	/** Pairs in model pixels as the image's: through the fit when the frames go back into the picture. */
	private static List<PointPair> picture(final List<PointPair> model, final DragRequest q, final SourcePlacement placement) {
		return placement == null ? model : DragUseCase.toPicture(model, q.points, placement.geometry);
	}

	/** Shows a step's image (put back into the picture when it was fitted to the model) and the current pairs in the window. */
	private static void show(final ImagePlus imp, final State s, final GeneratorImage img, final SourcePlacement placement, final List<PointPair> pairs) {
		if (img == null) return;
		if (placement == null && (img.width != imp.getWidth() || img.height != imp.getHeight())) throw new IllegalArgumentException("'" + imp.getTitle() +
			"' is " + imp.getWidth() + "x" + imp.getHeight() + " but the model makes " + img.width + "x" + img.height + " pictures");
		final ImageProcessor ip = placement == null ? ImageConversion.toProcessor(img) : InPlaceFrames.toProcessor(placement, img);
		if (ip.getBitDepth() != imp.getBitDepth()) throw new IllegalArgumentException("the image type changed");
		imp.getProcessor().setPixels(ip.getPixels());
		redraw(imp, s, pairs);
		imp.updateAndDraw();
	}

	/** Our overlay elements: arrows for the pairs, a dot for a handle waiting for its target. */
	static void redraw(final ImagePlus imp, final State s, final List<PointPair> pairs) {
		Overlay o = imp.getOverlay();
		if (o == null) o = new Overlay();
		Arrows.removeAll(o);
		Arrows.add(o, pairs, 0, imp.getWidth());
		if (s.pendingHandle != null) {
			final double r = Math.max(1.5, 9.0 * imp.getWidth() / 512);
			final OvalRoi dot = new OvalRoi(s.pendingHandle[0] - r, s.pendingHandle[1] - r, 2 * r, 2 * r);
			dot.setFillColor(Arrows.HANDLE);
			o.add(dot, Arrows.NAME + " pending handle");
		}
		o.selectable(false);
		imp.setOverlay(o);
	}

	private static EditRegion roiManagerMask(final ImagePlus imp) {
		final List<Roi> areas = DragGanCommand.roiManagerAreas();
		return areas.isEmpty() ? null : EditMask.fromRois(areas, imp.getWidth(), imp.getHeight());
	}

	static String message(final Throwable e) {
		Throwable t = e;
		while (t.getMessage() == null && t.getCause() != null) t = t.getCause();
		return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
	}
}
