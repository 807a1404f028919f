package sc.fiji.draggan.plugin;

import static sc.fiji.draggan.app.DragOptions.*;

import sc.fiji.draggan.app.DragOptions;
import sc.fiji.draggan.app.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.Prefs;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import sc.fiji.draggan.ij.DragPoints;

/**
 * The menu entries of {@code plugins.config}, identical in Fiji and plain ImageJ 1.x: each reads
 * its options (macro string, or a dialog that the macro recorder records), resolves the active image
 * on the calling thread, runs the SciJava command and waits for it, then shows the result.
 * Failures go to an error dialog in the GUI, and to the Log plus a stopped macro in macros and
 * batch runs — never silently.
 */
public class MenuEntry implements PlugIn {

	static final String[] DRAG_KEYS = DragOptions.keys();
	static final String[] GENERATE_KEYS = { "model", "seed", "psi", "device" };
	static final String[] INFO_KEYS = { "model", "device" };
	static final String[] OPTIONS_KEYS = { "threads" };
	static final String[] INVERT_KEYS = { "model", "steps", "space", "pti_steps", "seed", "fit", "device" };
	static final String[] TRAIN_KEYS = { "data", "out", "res", "kimg", "batch", "snapshot_every", "seed", "resume", "channel_base", "channel_max",
		"gamma", "lr", "augment", "device" };

	@Override
	public void run(final String arg) {
		final String what = arg == null ? "" : arg.trim();
		try {
			switch (what) {
				case "drag":
					drag();
					break;
				case "generate":
					generate();
					break;
				case "info":
					info();
					break;
				case "options":
					options();
					break;
				case "invert":
					invert();
					break;
				case "train":
					train();
					break;
				case "help":
					help();
					break;
				case "sample":
					sample();
					break;
				default:
					throw new IllegalArgumentException("unknown Drag GAN menu entry '" + what + "'");
			}
		}
		catch (final Canceled c) {
			// the user closed the dialog
		}
		catch (final Throwable e) { // errors too (out of memory, stack overflow): one message, Fiji stays usable
			reportError(e);
		}
	}

	// -- the entries --

	private void drag() throws Exception {
		final ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) throw new IllegalArgumentException("no image: open or generate one (Drag GAN Generate...) first");
		final Map<String, Object> in = new HashMap<>();
		in.put("imp", imp);
		final String options = macroOptions();
		if (options != null) in.putAll(dragInputs(new MacroOptions(options, DRAG_KEYS)));
		else dragDialog(imp, in);
		final CommandModule m = SciJava.run(DragGanCommand.class, in);
		final ImagePlus result = (ImagePlus) m.getOutput("result");
		result.show();
	}

	private void generate() throws Exception {
		final Map<String, Object> in = new HashMap<>();
		final String options = macroOptions();
		if (options != null) {
			final MacroOptions o = new MacroOptions(options, GENERATE_KEYS);
			in.put("model", model(o.string("model", null)));
			in.put("seed", o.longInteger("seed", 0));
			in.put("psi", o.number("psi", 0.7));
			in.put("device", o.string("device", "auto"));
		}
		else {
			final GenericDialog gd = new GenericDialog("Drag GAN Generate");
			gd.addFileField("model", Prefs.get(PREF + "model", ""), 40);
			gd.addMessage(MODEL_HINT);
			gd.addNumericField("seed", Prefs.get(PREF + "seed", 0), 0);
			gd.addNumericField("psi", Prefs.get(PREF + "psi", 0.7), 2);
			gd.addChoice("device", DEVICE.choices(), Prefs.get(PREF + "device", "auto"));
			gd.addHelp(HELP);
			gd.showDialog();
			if (gd.wasCanceled()) throw new Canceled();
			final String model = gd.getNextString();
			final double seed = gd.getNextNumber(), psi = gd.getNextNumber();
			final String device = gd.getNextChoice();
			if (gd.invalidNumber() || seed < 0 || seed != Math.rint(seed)) throw new IllegalArgumentException("seed must be a whole number of 0 or more");
			Prefs.set(PREF + "model", model);
			Prefs.set(PREF + "seed", seed);
			Prefs.set(PREF + "psi", psi);
			Prefs.set(PREF + "device", device);
			in.put("model", model(model));
			in.put("seed", (long) seed);
			in.put("psi", psi);
			in.put("device", device);
		}
		final ImagePlus result = (ImagePlus) SciJava.run(DragGanGenerateCommand.class, in).getOutput("result");
		result.show();
	}

	private void info() throws Exception {
		final Map<String, Object> in = new HashMap<>();
		final String options = macroOptions();
		final MacroOptions o = new MacroOptions(options, INFO_KEYS);
		final String model = options != null ? o.string("model", null) : Prefs.get(PREF + "model", "");
		if (model != null && !model.trim().isEmpty()) in.put("model", model(model));
		in.put("device", o.string("device", options != null ? "auto" : Prefs.get(PREF + "device", "auto")));
		final String text = (String) SciJava.run(DragGanInfoCommand.class, in).getOutput("info");
		for (final String line : text.split("\n")) IJ.log(line);
	}

	private void options() throws Exception {
		final Map<String, Object> in = new HashMap<>();
		final String options = macroOptions();
		final int threads;
		if (options != null) threads = new MacroOptions(options, OPTIONS_KEYS).integer("threads", 0);
		else {
			final GenericDialog gd = new GenericDialog("Drag GAN Options");
			gd.addNumericField("threads", DragGanOptionsCommand.saved(), 0, 4, "CPU threads (0 = automatic: the cores other programs leave free)");
			gd.addHelp(HELP);
			gd.showDialog();
			if (gd.wasCanceled()) throw new Canceled();
			final double v = gd.getNextNumber();
			if (gd.invalidNumber() || v < 0 || v != Math.rint(v)) throw new IllegalArgumentException("threads must be a whole number of 0 or more");
			threads = (int) v;
		}
		in.put("threads", threads);
		IJ.log((String) SciJava.run(DragGanOptionsCommand.class, in).getOutput("info"));
	}

	private void invert() throws Exception {
		final ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) throw new IllegalArgumentException("no image: open the image to invert first");
		final Map<String, Object> in = new HashMap<>();
		in.put("imp", imp);
		final String options = macroOptions();
		if (options != null) {
			final MacroOptions o = new MacroOptions(options, INVERT_KEYS);
			in.put("model", model(o.string("model", null)));
			in.put("steps", o.integer("steps", 500));
			in.put("space", o.string("space", "w+"));
			in.put("pti_steps", o.integer("pti_steps", 100));
			in.put("seed", o.longInteger("seed", 0));
			in.put("fit", o.string("fit", "crop"));
			in.put("device", o.string("device", "auto"));
		}
		else {
			final GenericDialog gd = new GenericDialog("Drag GAN Invert");
			gd.addFileField("model", Prefs.get(PREF + "model", ""), 40);
			gd.addMessage(MODEL_HINT);
			gd.addNumericField("steps", Prefs.get(PREF + "invert.steps", 500), 0, 6, "(W, then W+)");
			gd.addChoice("space", SPACE.choices(), Prefs.get(PREF + "invert.space", "w+"));
			gd.addNumericField("pti_steps", Prefs.get(PREF + "invert.pti_steps", 100), 0, 6, "pivotal tuning (0 = none)");
			gd.addNumericField("seed", Prefs.get(PREF + "invert.seed", 0), 0);
			gd.addChoice("fit", FITS, Prefs.get(PREF + "invert.fit", "crop"));
			gd.addChoice("device", DEVICE.choices(), Prefs.get(PREF + "device", "auto"));
			gd.addMessage("Inverts the current slice of '" + imp.getTitle() + "'; its latent (and tuned weights)\nare attached to it for Drag GAN... and the tool.");
			gd.addHelp(HELP);
			gd.showDialog();
			if (gd.wasCanceled()) throw new Canceled();
			final String model = gd.getNextString();
			final double steps = gd.getNextNumber();
			final String space = gd.getNextChoice();
			final double pti = gd.getNextNumber(), seed = gd.getNextNumber();
			final String fit = gd.getNextChoice(), device = gd.getNextChoice();
			if (gd.invalidNumber() || steps < 1 || pti < 0 || seed < 0 || seed != Math.rint(seed)) {
				throw new IllegalArgumentException("steps must be 1 or more, pti_steps and seed whole numbers of 0 or more");
			}
			Prefs.set(PREF + "model", model);
			Prefs.set(PREF + "invert.steps", steps);
			Prefs.set(PREF + "invert.space", space);
			Prefs.set(PREF + "invert.pti_steps", pti);
			Prefs.set(PREF + "invert.seed", seed);
			Prefs.set(PREF + "invert.fit", fit);
			Prefs.set(PREF + "device", device);
			in.put("model", model(model));
			in.put("steps", (int) steps);
			in.put("space", space);
			in.put("pti_steps", (int) pti);
			in.put("seed", (long) seed);
			in.put("fit", fit);
			in.put("device", device);
		}
		final CommandModule m = SciJava.run(DragGanInvertCommand.class, in);
		IJ.log("Drag GAN Invert: " + m.getOutput("summary"));
		((ImagePlus) m.getOutput("result")).show();
	}

	private void train() throws Exception {
		final Map<String, Object> in = new HashMap<>();
		final String options = macroOptions();
		final ImagePlus current = WindowManager.getCurrentImage();
		if (current != null) in.put("imp", current);
		if (options != null) {
			final MacroOptions o = new MacroOptions(options, TRAIN_KEYS);
			final String data = o.string("data", "");
			if (!data.trim().isEmpty()) in.put("data", new File(data.trim()));
			final String out = o.string("out", "");
			if (out.trim().isEmpty()) throw new IllegalArgumentException("no model file given: set out=[/path/to/model.safetensors]");
			in.put("out", new File(out.trim()));
			in.put("res", o.integer("res", DragGanTrainCommand.STABLE.resolution));
			in.put("kimg", o.number("kimg", DragGanTrainCommand.STABLE.kimg));
			in.put("batch", o.integer("batch", DragGanTrainCommand.STABLE.batch));
			in.put("snapshot_every", o.number("snapshot_every", DragGanTrainCommand.STABLE.snapshotKimg));
			in.put("seed", o.longInteger("seed", 0));
			final String resume = o.string("resume", "");
			if (!resume.trim().isEmpty()) in.put("resume", new File(resume.trim()));
			in.put("channel_base", o.integer("channel_base", DragGanTrainCommand.STABLE.channelBase));
			in.put("channel_max", o.integer("channel_max", DragGanTrainCommand.STABLE.channelMax));
			in.put("gamma", o.number("gamma", DragGanTrainCommand.STABLE.gamma));
			in.put("lr", o.number("lr", DragGanTrainCommand.STABLE.lrG));
			in.put("augment", o.string("augment", DragGanTrainCommand.STABLE.augment));
			in.put("device", o.string("device", "auto"));
		}
		else trainDialog(current, in);
		final ImagePlus samples = (ImagePlus) SciJava.run(DragGanTrainCommand.class, in).getOutput("samples");
		if (samples != null) samples.show();
	}

	/** Opens the guide in the browser; in batch or headless runs (or without a browser) writes its address to the Log. */
	private void help() {
		if (CommandSupport.dialogsAllowed()) {
			try {
				ij.plugin.BrowserLauncher.openURL(DOCS);
				IJ.showStatus("Drag GAN help: " + DOCS);
				return;
			}
			catch (final java.io.IOException | RuntimeException e) {
				IJ.log("Drag GAN help: no browser could be opened (" + message(e) + ")");
			}
		}
		IJ.log("Drag GAN help: " + DOCS + " (also docs/fiji-plugin.md in the source, and the README: " + HELP + ")");
	}

	/** File > Open Samples > Drag GAN cell: the image of the demo, from the jar. */
	private void sample() throws java.io.IOException {
		final ImagePlus imp = openSample();
		imp.show();
	}

	static ImagePlus openSample() throws java.io.IOException {
		try (java.io.InputStream in = MenuEntry.class.getResourceAsStream(SAMPLE)) {
			if (in == null) throw new java.io.IOException("the sample image " + SAMPLE + " is not in this build");
			final java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(in);
			if (img == null) throw new java.io.IOException("the sample image " + SAMPLE + " cannot be read");
			final ImagePlus imp = new ImagePlus("Drag GAN cell", img);
			if (imp.getBitDepth() == 24) new ij.process.ImageConverter(imp).convertToGray8();
			imp.setProperty("Info", "Drag GAN sample: a synthetic single-cell image made by the renderer (draggan synth cells --seed 7), " +
				"not by a generator; the image of ./draggan demo (test-images/cell-demo.png).\n");
			return imp;
		}
	}

	// -- dialogs --

	private void trainDialog(final ImagePlus current, final Map<String, Object> in) {
		final GenericDialog gd = new GenericDialog("Drag GAN Train");
		gd.addDirectoryField("data", Prefs.get(PREF + "train.data", ""), 40);
		gd.addMessage(current != null && current.getStackSize() > 1 ? "(empty: the open stack '" + current.getTitle() + "', " +
			current.getStackSize() + " slices)" : "(a folder of images or a stack file; empty: the open stack)");
		gd.addFileField("out", Prefs.get(PREF + "train.out", ""), 40);
		gd.addNumericField("res", Prefs.get(PREF + "train.res", DragGanTrainCommand.STABLE.resolution), 0, 6, "px (power of two)");
		gd.addNumericField("kimg", Prefs.get(PREF + "train.kimg", DragGanTrainCommand.STABLE.kimg), 1, 6, "thousand images shown");
		gd.addNumericField("batch", Prefs.get(PREF + "train.batch", DragGanTrainCommand.STABLE.batch), 0);
		gd.addNumericField("snapshot_every", Prefs.get(PREF + "train.snapshot_every", DragGanTrainCommand.STABLE.snapshotKimg), 1, 6, "kimg");
		gd.addNumericField("seed", Prefs.get(PREF + "train.seed", 0), 0);
		gd.addFileField("resume", "", 40);
		gd.addNumericField("channel_base", Prefs.get(PREF + "train.channel_base", DragGanTrainCommand.STABLE.channelBase), 0);
		gd.addNumericField("channel_max", Prefs.get(PREF + "train.channel_max", DragGanTrainCommand.STABLE.channelMax), 0);
		gd.addNumericField("gamma", Prefs.get(PREF + "train.gamma", DragGanTrainCommand.STABLE.gamma), 4, 8, "R1 weight (negative: auto)");
		gd.addNumericField("lr", Prefs.get(PREF + "train.lr", DragGanTrainCommand.STABLE.lrG), 4);
		gd.addStringField("augment", Prefs.get(PREF + "train.augment", DragGanTrainCommand.STABLE.augment), 8);
		gd.addMessage("augment: ada (adaptive, for small data sets), none, or a fixed probability");
		gd.addChoice("device", DEVICE.choices(), Prefs.get(PREF + "device", "auto"));
		gd.addMessage("Writes the model (out), out.ckpt.safetensors (to resume) and a model per snapshot.\nEsc or the task's stop button ends the run and keeps what is trained.");
		gd.addHelp(HELP);
		gd.showDialog();
		if (gd.wasCanceled()) throw new Canceled();
		final String data = gd.getNextString().trim(), out = gd.getNextString().trim();
		final String[] numeric = { "res", "kimg", "batch", "snapshot_every", "seed" };
		final double[] v = new double[numeric.length];
		for (int i = 0; i < v.length; i++) v[i] = gd.getNextNumber();
		final String resume = gd.getNextString().trim();
		final String[] numeric2 = { "channel_base", "channel_max", "gamma", "lr" };
		final double[] v2 = new double[numeric2.length];
		for (int i = 0; i < v2.length; i++) v2[i] = gd.getNextNumber();
		final String augment = gd.getNextString().trim();
		final String device = gd.getNextChoice();
		if (gd.invalidNumber()) throw new IllegalArgumentException("a numeric field is not a number");
		if (out.isEmpty()) throw new IllegalArgumentException("no model file given (out)");
		if (!data.isEmpty()) in.put("data", new File(data));
		in.put("out", new File(out));
		in.put("res", (int) v[0]);
		in.put("kimg", v[1]);
		in.put("batch", (int) v[2]);
		in.put("snapshot_every", v[3]);
		in.put("seed", (long) v[4]);
		if (!resume.isEmpty()) in.put("resume", new File(resume));
		in.put("channel_base", (int) v2[0]);
		in.put("channel_max", (int) v2[1]);
		in.put("gamma", v2[2]);
		in.put("lr", v2[3]);
		in.put("augment", augment);
		in.put("device", device);
		Prefs.set(PREF + "train.data", data);
		Prefs.set(PREF + "train.out", out);
		for (int i = 0; i < v.length; i++) Prefs.set(PREF + "train." + numeric[i], v[i]);
		for (int i = 0; i < v2.length; i++) Prefs.set(PREF + "train." + numeric2[i], v2[i]);
		Prefs.set(PREF + "train.augment", augment);
		Prefs.set(PREF + "device", device);
	}

	static final String PREF = "draggan.";
	static final String[] BOOLEANS = { "true", "false" }, FITS = { "crop", "pad" };
	static final String AUTO_MASK = "auto (selection or ROI Manager)";
	static final String HELP = "https://github.com/draggan-fiji/Drag_GAN#readme";
	static final String DOCS = "https://github.com/draggan-fiji/Drag_GAN/blob/main/docs/fiji-plugin.md";
	static final String SAMPLE = "/samples/cell-demo.png";
	static final String MODEL_HINT = "(" + sc.fiji.draggan.app.DefaultModel.HINT + ")";

	/** The inputs of Drag GAN... from macro options: every key of {@link DragOptions}, its default when absent. */
	static Map<String, Object> dragInputs(final MacroOptions o) {
		final Map<String, Object> in = new HashMap<>();
		for (final Parameter<?> p : DragOptions.ALL) {
			final Object v;
			if (p.type == Integer.class) v = o.integer(p.key, (Integer) p.defaultValue);
			else if (p.type == Double.class) v = o.number(p.key, (Double) p.defaultValue);
			else if (p.type == Boolean.class) v = o.flag(p.key, (Boolean) p.defaultValue);
			else v = o.string(p.key, (String) p.defaultValue);
			in.put(p.key, v);
		}
		in.put(DragOptions.MODEL.key, model((String) in.get(DragOptions.MODEL.key)));
		return in;
	}

	private void dragDialog(final ImagePlus imp, final Map<String, Object> in) {
		String points = "";
		final Roi roi = imp.getRoi();
		if (roi != null && roi.getType() == Roi.POINT) points = DragPoints.format(DragPoints.fromRoi(roi));
		final List<String> masks = new ArrayList<>();
		masks.add(AUTO_MASK);
		masks.add("none");
		for (final int id : WindowManager.getIDList() == null ? new int[0] : WindowManager.getIDList()) {
			final ImagePlus m = WindowManager.getImage(id);
			if (m != null && m != imp && m.getWidth() == imp.getWidth() && m.getHeight() == imp.getHeight()) masks.add(m.getTitle());
		}
		final GenericDialog gd = new GenericDialog("Drag GAN");
		gd.addFileField("model", Prefs.get(PREF + "model", ""), 40);
		gd.addMessage(MODEL_HINT);
		gd.addStringField("points", points, 40);
		gd.addChoice("mask", masks.toArray(new String[0]), AUTO_MASK);
		final Parameter<?>[] numeric = { N_STEPS, EVERY, LR, LAMBDA_MASK, R1, R2, FEATURE_BLOCK };
		for (final Parameter<?> p : numeric) gd.addNumericField(p.key, Prefs.get(PREF + p.key, ((Number) p.defaultValue).doubleValue()), p == LR ? 4 :
			p == LAMBDA_MASK ? 1 : 0, 6, p == R1 || p == R2 ? "px (0 = auto)" : p == FEATURE_BLOCK ? "(-1 = auto)" : "");
		gd.addChoice(SPACE.key, SPACE.choices(), Prefs.get(PREF + SPACE.key, SPACE.defaultValue));
		gd.addChoice(STOP.key, STOP.choices(), Prefs.get(PREF + STOP.key, STOP.defaultValue));
		gd.addChoice(DEVICE.key, DEVICE.choices(), Prefs.get(PREF + DEVICE.key, DEVICE.defaultValue));
		gd.addChoice(SHOW_ARROWS.key, BOOLEANS, Prefs.get(PREF + SHOW_ARROWS.key, SHOW_ARROWS.defaultText()));
		if (sc.fiji.draggan.ij.Latent.of(imp) == null) gd.addNumericField(INVERT_STEPS.key, Prefs.get(PREF + INVERT_STEPS.key, INVERT_STEPS.defaultValue), 0, 6,
			"('" + imp.getTitle() + "' has no latent: it is inverted first)");
		gd.addMessage("Points: handle>target pairs x,y>tx,ty;… (empty: the point selection,\nhandle 1, target 1, handle 2, …). Mask: the region allowed to change.");
		gd.addHelp(HELP);
		gd.showDialog();
		if (gd.wasCanceled()) throw new Canceled();
		final String model = gd.getNextString();
		in.put("model", model(model));
		in.put("points", gd.getNextString());
		final String mask = gd.getNextChoice();
		in.put("mask", AUTO_MASK.equals(mask) ? "" : mask);
		final double[] v = new double[numeric.length];
		for (int i = 0; i < v.length; i++) v[i] = gd.getNextNumber();
		if (gd.invalidNumber()) throw new IllegalArgumentException("a numeric field is not a number");
		for (int i = 0; i < v.length; i++) in.put(numeric[i].key, numeric[i].type == Integer.class ? (Object) (int) v[i] : (Object) v[i]);
		in.put("space", gd.getNextChoice());
		in.put("stop", gd.getNextChoice());
		in.put("device", gd.getNextChoice());
		final String arrows = gd.getNextChoice();
		in.put("show_arrows", Boolean.valueOf(arrows));
		if (sc.fiji.draggan.ij.Latent.of(imp) == null) {
			final double steps = gd.getNextNumber();
			if (gd.invalidNumber() || steps < 1) throw new IllegalArgumentException("invert_steps must be a whole number of 1 or more");
			in.put("invert_steps", (int) steps);
			Prefs.set(PREF + "invert_steps", steps);
		}
		Prefs.set(PREF + "model", model);
		for (int i = 0; i < v.length; i++) Prefs.set(PREF + numeric[i].key, v[i]);
		Prefs.set(PREF + "space", (String) in.get("space"));
		Prefs.set(PREF + "stop", (String) in.get("stop"));
		Prefs.set(PREF + "device", (String) in.get("device"));
		Prefs.set(PREF + "show_arrows", arrows);
	}

	/** The model file; empty: null, i.e. the bundled default model. */
	private static File model(final String path) {
		if (path == null || path.trim().isEmpty()) return null;
		return new File(path.trim());
	}

	// -- errors --

	private static final class Canceled extends RuntimeException {
		private static final long serialVersionUID = 1L;
	}

	private static final java.util.concurrent.atomic.AtomicInteger ERRORS = new java.util.concurrent.atomic.AtomicInteger();
	private static volatile String lastError;

	/** How many errors the entries have reported in this JVM (a batch run fails when this grows, {@link BatchMacro}). */
	static int errorCount() {
		return ERRORS.get();
	}

	static String lastError() {
		return lastError;
	}

	/**
	 * The macro options; in batch or headless runs never null, so no dialog opens there: a missing
	 * value is then an error naming its key (docs/fiji-plugin.md#batch-runs-and-exit-codes).
	 */
	static String macroOptions() {
		final String options = Macro.getOptions();
		return options == null && !CommandSupport.dialogsAllowed() ? "" : options;
	}

	/** GUI: an error dialog; macro or batch: a line in the Log, then the macro stops. */
	static void reportError(final Throwable e) {
		final String msg = message(e);
		lastError = msg;
		ERRORS.incrementAndGet();
		IJ.log("Drag GAN error: " + msg);
		if (System.getenv("DRAGGAN_DEBUG") != null) {
			final java.io.StringWriter w = new java.io.StringWriter();
			e.printStackTrace(new java.io.PrintWriter(w));
			IJ.log(w.toString());
		}
		final boolean macro = Interpreter.getInstance() != null || IJ.isMacro();
		final boolean dialogs = CommandSupport.dialogsAllowed();
		if (dialogs) IJ.error("Drag GAN", msg);
		if (macro) Interpreter.abort();
	}

	static String message(final Throwable e) {
		return sc.fiji.draggan.io.Messages.failure(e);
	}
}
