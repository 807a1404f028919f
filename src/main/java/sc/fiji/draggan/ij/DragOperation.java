package sc.fiji.draggan.ij;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import sc.fiji.draggan.app.DragOutcome;
import sc.fiji.draggan.app.DragRequest;
import sc.fiji.draggan.app.DragUseCase;
import sc.fiji.draggan.app.LoadedModel;
import sc.fiji.draggan.app.ModelRegistry;
import sc.fiji.draggan.app.StartLatent;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.edit.StepResult;
import sc.fiji.draggan.invert.SourcePlacement;
import sc.fiji.draggan.invert.AspectFit;
import sc.fiji.draggan.model.Generator;
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
		/** Where the pairs ended, in the result's pixels (the picture's for an inverted picture, else the model's). */
		public final List<PointPair> finalPoints;

		Outcome(final ImagePlus result, final DragOutcome drag, final List<PointPair> finalPoints) {
			this.result = result;
			this.drag = drag;
			this.finalPoints = finalPoints;
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
		final Frames frames = new Frames(image, q, p);
		final DragOutcome r = new DragUseCase(registry).run(q, monitor, new DragUseCase.Listener() {

			@Override
			public void placed(final SourcePlacement placement) {
				frames.placement = placement;
			}

			@Override
			public Path keepTuned(final Generator tuned, final LoadedModel base) {
				return DragOperation.keepTuned(tuned, base, image.getTitle());
			}

			@Override
			public void step(final StepResult s, final List<PointPair> now) {
				if (s.image != null) frames.add(s.image, s.step, now);
			}
		});
		frames.placement = r.placement;
		// an inverted picture's result is in the picture's pixels; a latent's in the model's, and so are its labels, selection and Info
		if (r.drag == null) frames.add(r.startImage, 0, r.modelPoints);
		else if (r.drag.frames.size() > frames.count()) // the image of the final latent, unless the last step recorded it
			frames.add(r.drag.finalImage(), r.drag.frameSteps.get(r.drag.frameSteps.size() - 1), r.finalModelPoints());
		if (r.content != null) frames.stack.noteOnLastFrame(String.format(Locale.ROOT, "content %.2f", r.content.content));
		final ImagePlus out = frames.stack.image();
		attachLatent(out, r);
		final List<PointPair> finalPoints = r.placement != null ? r.finalPoints : r.finalModelPoints();
		final String info = ResultInfo.edited(image.getTitle(), r, regionSource(r, p.maskSource), p.parameterLine);
		out.setProperty("Info", note == null ? info : info + "note: " + note + "\n");
		out.setProp("DragGAN.final_points", DragPoints.format(finalPoints));
		if (r.drag != null) out.setProp(TRACE_KEY, r.traceJson().toString());
		out.setRoi(DragPoints.toRoi(finalPoints)); // the next drag can start from the selection
		monitor.done();
		logWarning(r);
		monitor.status(r.report());
		return new Outcome(out, r, finalPoints);
	}

	/** Writes the content-lag warning (docs/algorithm.md#content-lag) to the ImageJ Log, when the content lags. */
	public static void logWarning(final DragOutcome r) {
		final String w = r.contentWarning();
		if (w != null) ij.IJ.log("Drag GAN warning: " + w);
	}

	/**
	 * The result stack as frames come: in the model's pixels, or — once the drag says how
	 * ({@link SourcePlacement}) — in the inverted picture's size, position, type, calibration and zoom
	 * (docs/fiji-plugin.md#drag-gan).
	 */
	private static final class Frames {
		private final ImagePlus source;
		private final DragRequest q;
		private final Presentation p;
		volatile SourcePlacement placement;
		ResultStack stack;

		Frames(final ImagePlus source, final DragRequest q, final Presentation p) {
			this.source = source;
			this.q = q;
			this.p = p;
		}

		int count() {
			return stack == null ? 0 : stack.frames();
		}

		/** Adds a model frame with the pairs in model pixels. */
		synchronized void add(final GeneratorImage frame, final int step, final List<PointPair> modelPoints) {
			final SourcePlacement sp = placement;
			final ImageProcessor ip = sp == null ? ImageConversion.toProcessor(frame) : InPlaceFrames.toProcessor(sp, frame);
			final List<PointPair> points = sp == null ? modelPoints : DragUseCase.toPicture(modelPoints, q.points, sp.geometry);
			if (stack == null) {
				stack = new ResultStack(sp == null ? ResultStack.titleFor(source.getTitle()) : InPlaceFrames.uniqueTitle(source.getTitle()), ip.getWidth(), ip
					.getHeight(), p.showArrows, p.live);
				if (sp != null) stack.lookLike(source);
			}
			stack.add(ip, step, points);
		}
	}

	/** Where the region came from, for the Info: {@code given}, or the automatic region when the drag used it. */
	public static String regionSource(final DragOutcome r, final String given) {
		if (!r.automaticRegion()) return given;
		return "automatic, around the pairs (" + r.region().count() + " of " + r.region().width * r.region().height + " model px)";
	}

	/** Writes the tuned generator of an inversion before a drag to a temporary file (deleted when ImageJ quits), for the result to carry. */
	public static Path keepTuned(final Generator tuned, final LoadedModel base, final String title) {
		try {
			return TunedWeights.write(tuned, base, title);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("could not keep the tuned weights: " + e.getMessage(), e);
		}
	}

	/**
	 * Attaches what a second drag of {@code target} goes on from: the final latent, the tuned weights
	 * and, when the frames were put back into a picture fitted to the model, that fit.
	 */
	public static void attachLatent(final ImagePlus target, final DragOutcome r) {
		new Latent(r.config.numWs(), r.config.wDim, r.finalWs(), r.modelSha256).attachTo(target);
		TunedWeights.attach(target, r.tunedWeights);
		target.setProp(InvertOperation.FIT_KEY, r.placement != null ? r.placement.geometry.fit.name().toLowerCase(Locale.ROOT) : null);
		target.setProp(InvertOperation.SLICE_KEY, null);
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
		q.image = InputImages.fromImagePlus(image); // where the frames go back when the picture was fitted to the model
		q.pictureWidth = image.getWidth();
		q.pictureHeight = image.getHeight();
		final String fit = image.getProp(InvertOperation.FIT_KEY);
		q.fit = fit == null || fit.trim().isEmpty() ? null : AspectFit.parse(fit);
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
