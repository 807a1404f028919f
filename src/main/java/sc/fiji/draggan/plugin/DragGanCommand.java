package sc.fiji.draggan.plugin;

import sc.fiji.draggan.app.DragOptions;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.task.TaskService;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.macro.Interpreter;
import ij.plugin.frame.RoiManager;
import net.imglib2.RandomAccessibleInterval;
import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.ij.DragOperation;
import sc.fiji.draggan.ij.DragPoints;
import sc.fiji.draggan.app.DragRequest;
import sc.fiji.draggan.ij.EditMask;
import sc.fiji.draggan.ij.ImageConversion;

/**
 * {@code Plugins>Drag GAN>Drag GAN...}: drags handle points onto targets on the image (DragGAN).
 * <p>
 * Inputs: the image ({@code imp}, or an imglib2 image {@code image}, or the active image), the
 * pairs ({@code points=[x1,y1>tx1,ty1;…]} or the point selection, alternating handle/target), the
 * edit region ({@code mask=} naming a mask image, else an area selection when points come from
 * {@code points=}, else the ROI Manager's selected area ROIs; {@code mask=none}: whole image free),
 * and the drag parameters. An image without latent is inverted first ({@code invert_steps}) and
 * fitted to the model's picture (crop or pad to its aspect); its result is put back at its size and position ({@code <title>-drag-N},
 * docs/fiji-plugin.md#drag-gan). Output: the result stack ({@code <title> (Drag GAN)} for generated images) with the final
 * latent attached, and the final points.
 * <p>
 * The menu entry is the IJ1 one in {@code plugins.config} ({@link MenuEntry}, same label in Fiji
 * and plain ImageJ), hence {@code no-legacy}: imagej-legacy must not add a second entry.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Drag GAN>Drag GAN...", label = "Drag GAN...", headless = true,
	attrs = { @Attr(name = "no-legacy") })
public class DragGanCommand extends ContextCommand {

	@Parameter(label = "Image", required = false, persist = false)
	private ImagePlus imp;

	// never auto-filled (Fiji's preprocessors fill the ImagePlus with the active image): when given, it is what the caller meant
	@Parameter(label = "Image (imglib2)", required = false, persist = false, autoFill = false, description = "an XY (grey) or XYC (RGB) image, 0…255")
	private RandomAccessibleInterval<?> image;

	@Parameter(label = "Model file", required = false, persist = false, description = sc.fiji.draggan.app.DefaultModel.MODEL_DESCRIPTION)
	private File model;

	@Parameter(label = "Points", required = false, persist = false, description = "x1,y1>tx1,ty1;…; empty: the point selection")
	private String points = "";

	@Parameter(label = "Mask", required = false, persist = false, description = "title of a mask image, 'none', or empty: selection / ROI Manager")
	private String mask = "";

	// defaults, ranges and choices: DragOptions (a test checks that these annotations agree)
	@Parameter(label = "Steps (at most)", min = "0", persist = false)
	private int n_steps = DragOptions.N_STEPS.defaultValue;

	@Parameter(label = "Record every (0 = final only)", min = "0", persist = false)
	private int every = DragOptions.EVERY.defaultValue;

	@Parameter(label = "Learning rate (0 = automatic)", min = "0", persist = false)
	private double lr = DragOptions.LR.defaultValue;

	@Parameter(label = "Mask weight (lambda)", min = "0", persist = false)
	private double lambda_mask = DragOptions.LAMBDA_MASK.defaultValue;

	@Parameter(label = "Motion radius r1 (px, 0 = auto)", min = "0", persist = false)
	private int r1 = DragOptions.R1.defaultValue;

	@Parameter(label = "Tracking radius r2 (px, 0 = auto)", min = "0", persist = false)
	private int r2 = DragOptions.R2.defaultValue;

	@Parameter(label = "Feature block (-1 = auto)", min = "-1", persist = false)
	private int feature_block = DragOptions.FEATURE_BLOCK.defaultValue;

	@Parameter(label = "Latent space", choices = { "w+", "w" }, persist = false)
	private String space = DragOptions.SPACE.defaultValue;

	@Parameter(label = "Stop rule", choices = { "content", "tracker" }, persist = false, description = "content: also the picture under each handle must reach its target; tracker: the official rule")
	private String stop = DragOptions.STOP.defaultValue;

	@Parameter(label = "Device", choices = { "auto", "cpu", "gpu" }, persist = false)
	private String device = DragOptions.DEVICE.defaultValue;

	@Parameter(label = "Show arrows", persist = false)
	private boolean show_arrows = DragOptions.SHOW_ARROWS.defaultValue;

	@Parameter(label = "Inversion steps (images without latent)", min = "1", persist = false)
	private int invert_steps = DragOptions.INVERT_STEPS.defaultValue;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Parameter(type = ItemIO.OUTPUT)
	private String final_points;

	@Parameter(required = false)
	private TaskService tasks;

	@Parameter
	private DragGanService service;

	@Override
	public void run() {
		final ImagePlus source = resolveImage();
		final DragRequest q = new DragRequest();
		final DragOperation.Presentation p = new DragOperation.Presentation();
		q.model = CommandSupport.modelPath(model);
		q.points = resolvePoints(source);
		p.maskSource = resolveMask(q, source);
		q.parameters = parameters();
		q.maxSteps = DragOptions.N_STEPS.check(n_steps);
		q.every = DragOptions.EVERY.check(every);
		q.device = DragOptions.DEVICE.check(device);
		q.inversion.steps = DragOptions.INVERT_STEPS.check(invert_steps);
		p.showArrows = show_arrows;
		p.live = CommandSupport.canShowWindows();
		p.parameterLine = String.format(Locale.ROOT,
			"n_steps=%d every=%d lr=%s lambda_mask=%s r1=%d r2=%d feature_block=%d space=%s stop=%s device=%s show_arrows=%s invert_steps=%d", n_steps, every, lr,
			lambda_mask, r1, r2, feature_block, space, stop, device, show_arrows, invert_steps);
		final DragOperation.Outcome o = CommandSupport.runAsTask(tasks, "Drag GAN", "Drag GAN", n_steps, this::isCanceled,
			m -> DragOperation.run(source, q, p, service.registry(), m));
		result = o.result;
		final_points = DragPoints.format(o.finalPoints);
	}

	private ImagePlus resolveImage() {
		if (image != null) return ImageConversion.toImagePlus(image, "image");
		if (imp != null) return imp;
		final ImagePlus current = WindowManager.getCurrentImage();
		if (current == null) throw new IllegalArgumentException("no image: open or generate one (Drag GAN Generate...) first");
		return current;
	}

	private List<sc.fiji.draggan.edit.PointPair> resolvePoints(final ImagePlus source) {
		if (points != null && !points.trim().isEmpty()) return DragPoints.parse(points);
		final Roi roi = source.getRoi();
		if (roi == null) throw new IllegalArgumentException("no handle/target points: make a point selection on '" + source.getTitle() +
			"' (handle 1, target 1, handle 2, …) or give points=[x,y>tx,ty]");
		return DragPoints.fromRoi(roi);
	}

	/** Sets the request's region; returns where it came from, for the Info. */
	private String resolveMask(final DragRequest q, final ImagePlus source) {
		final String m = mask == null ? "" : mask.trim();
		final int w = source.getWidth(), h = source.getHeight();
		if (m.equalsIgnoreCase("none")) return "none";
		if (!m.isEmpty() && !m.toLowerCase(Locale.ROOT).startsWith("auto")) {
			final ImagePlus maskImage = WindowManager.getImage(m);
			if (maskImage == null) throw new IllegalArgumentException("mask: no open image called '" + m + "'");
			q.region = EditMask.fromMaskImage(maskImage, w, h);
			return "image '" + m + "' (" + q.region.count() + " px)";
		}
		final Roi roi = source.getRoi();
		if (roi != null && roi.isArea() && !(roi instanceof PointRoi)) {
			final List<Roi> one = new ArrayList<>();
			one.add(roi);
			q.region = EditMask.fromRois(one, w, h);
			return "the image's selection (" + q.region.count() + " px)";
		}
		final List<Roi> areas = roiManagerAreas();
		if (areas.isEmpty()) {
			q.autoRegion = true; // nothing given: a real picture may change around the pairs only (docs/fiji-plugin.md#drag-gan)
			return "none";
		}
		q.region = EditMask.fromRois(areas, w, h);
		return "ROI Manager (" + areas.size() + " ROI" + (areas.size() == 1 ? "" : "s") + ", " + q.region.count() + " px)";
	}

	/** The selected area ROIs of the ROI Manager (all when none is selected), if there is one. */
	static List<Roi> roiManagerAreas() {
		final List<Roi> out = new ArrayList<>();
		if (!CommandSupport.canUseAwt() && !Interpreter.isBatchMode()) return out;
		final RoiManager rm;
		try {
			rm = RoiManager.getInstance();
		}
		catch (final java.awt.HeadlessException e) {
			return out;
		}
		if (rm == null || rm.getCount() == 0) return out;
		for (final Roi r : rm.getSelectedRoisAsArray()) if (r != null && r.isArea()) out.add(r);
		return out;
	}

	private DragParameters parameters() {
		return DragOptions.parameters(lr, lambda_mask, r1, r2, feature_block, space, stop);
	}
}
