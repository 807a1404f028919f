package sc.fiji.draggan.ij;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import sc.fiji.draggan.app.DragOutcome;
import sc.fiji.draggan.app.DragRequest;
import sc.fiji.draggan.app.DragUseCase;
import sc.fiji.draggan.app.ModelRegistry;
import sc.fiji.draggan.app.StartLatent;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.edit.StepResult;
import sc.fiji.draggan.invert.SquareFit;
import sc.fiji.draggan.model.GeneratorImage;

/**
 * The ImageJ side of a drag: completes a {@link DragRequest} from an {@link ImagePlus} (its
 * attached latent and tuned weights, or the picture itself to invert), runs the one
 * {@link DragUseCase} and turns its steps into a result stack as they come, then attaches the
 * final latent, the final points and the Info. Holds no algorithm.
 */
public final class DragOperation {

	private DragOperation() {}

	/** Image property: the drag's per-step trace as one line of JSON (tracked handles and losses of every step). */
	public static final String TRACE_KEY = "DragGAN.trace";

	/** How the result is shown and described. */
	public static final class Presentation {
		public boolean showArrows = true;
		/** Open the result window with the first frame and follow every step. */
		public boolean live;
		/** Where the region came from, for the Info (e.g. "ROI Manager (2 ROIs)"). */
		public String maskSource = "none";
		/** The macro-style parameter line for the Info ({@code n_steps=20 every=1 …}). */
		public String parameterLine = "";
	}

	/** What a drag gave: the result stack and the core outcome. */
	public static final class Outcome {
		public final ImagePlus result;
		public final DragOutcome drag;

		Outcome(final ImagePlus result, final DragOutcome drag) {
			this.result = result;
			this.drag = drag;
		}
	}

	/**
	 * Drags {@code image} with {@code q} (points and region in the image's pixels; latent, picture
	 * and tuned weights are taken from the image here).
	 */
	public static Outcome run(final ImagePlus image, final DragRequest q, final Presentation p, final ModelRegistry registry, final RunMonitor monitor)
		throws Exception
	{
		if (image == null) throw new IllegalArgumentException("no image to drag: open or generate one first");
		String note = startFrom(image, q);
		if (note != null) monitor.status(note);
		final ResultStack[] stack = new ResultStack[1];
		final String title = ResultStack.titleFor(image.getTitle());
		final DragOutcome r = new DragUseCase(registry).run(q, monitor, new DragUseCase.Listener() {

			@Override
			public void step(final StepResult s, final List<PointPair> now) {
				if (s.image != null) add(stack, title, p, s.image, s.step, now);
			}
		});
		// the result stack is in the model's pixels, and so are its labels, selection and Info
		if (r.drag == null) add(stack, title, p, r.startImage, 0, r.modelPoints);
		else if (r.drag.frames.size() > (stack[0] == null ? 0 : stack[0].frames())) // the image of the final latent, unless the last step recorded it
			add(stack, title, p, r.drag.finalImage(), r.drag.frameSteps.get(r.drag.frameSteps.size() - 1), r.finalModelPoints());
		final ImagePlus out = stack[0].image();
		new Latent(r.config.numWs(), r.config.wDim, r.finalWs(), r.modelSha256).attachTo(out);
		TunedWeights.attach(out, r.tunedWeights); // a second drag of the result goes on with the same weights
		final String info = ResultInfo.edited(image.getTitle(), r, p.maskSource, p.parameterLine);
		out.setProperty("Info", note == null ? info : info + "note: " + note + "\n");
		out.setProp("DragGAN.final_points", DragPoints.format(r.finalModelPoints()));
		if (r.drag != null) out.setProp(TRACE_KEY, r.drag.trace.toJson().toString());
		out.setRoi(DragPoints.toRoi(r.finalModelPoints())); // the next drag can start from the selection
		monitor.done();
		monitor.status(r.verdict() + " (" + PointPair.distances(r.finalModelPoints()) + ")");
		return new Outcome(out, r);
	}

	private static void add(final ResultStack[] stack, final String title, final Presentation p, final GeneratorImage frame, final int step,
		final List<PointPair> points)
	{
		if (stack[0] == null) stack[0] = new ResultStack(title, frame.width, frame.height, p.showArrows, p.live);
		stack[0].add(ImageConversion.toProcessor(frame), step, points);
	}

	/**
	 * Where the drag of {@code image} starts: its attached latent (with its tuned weights and the fit
	 * Drag GAN Invert used), or the picture itself, inverted first.
	 *
	 * @return a note for the user (tuned weights gone), or null
	 */
	public static String startFrom(final ImagePlus image, final DragRequest q) {
		if (!hasLatentForThisSlice(image)) {
			q.latent = null;
			q.image = InputImages.fromImagePlus(image);
			q.source = "'" + image.getTitle() + "'";
			return null;
		}
		final Latent l = Latent.of(image);
		q.latent = StartLatent.ws(l.ws);
		q.latentModelSha256 = l.modelSha256;
		q.source = "attached to '" + image.getTitle() + "'";
		q.pictureWidth = image.getWidth();
		q.pictureHeight = image.getHeight();
		final String fit = image.getProp(InvertOperation.FIT_KEY);
		q.fit = fit == null || fit.trim().isEmpty() ? null : SquareFit.parse(fit);
		final Path tuned = TunedWeights.of(image);
		q.tunedWeights = null;
		if (tuned == null) return null;
		if (Files.isRegularFile(tuned)) {
			q.tunedWeights = tuned;
			return null;
		}
		return "its tuned weights " + tuned.getFileName() + " are gone (temporary files end with ImageJ): dragging with the original model";
	}

	/**
	 * Whether the image's attached latent is the one to start from: it has one and, when Drag GAN
	 * Invert made it from one slice of a stack, that slice is the current one (else the current slice
	 * is inverted anew).
	 */
	static boolean hasLatentForThisSlice(final ImagePlus image) {
		if (Latent.of(image) == null) return false;
		final String slice = image.getProp(InvertOperation.SLICE_KEY);
		return slice == null || slice.trim().isEmpty() || image.getStackSize() == 1 || slice.trim().equals(Integer.toString(image.getCurrentSlice()));
	}
}
