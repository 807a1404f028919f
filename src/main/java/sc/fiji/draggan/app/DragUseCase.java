package sc.fiji.draggan.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.edit.DragResult;
import sc.fiji.draggan.edit.DragRunner;
import sc.fiji.draggan.edit.DragSession;
import sc.fiji.draggan.edit.EditRegion;
import sc.fiji.draggan.edit.LatentSpace;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.edit.StepResult;
import sc.fiji.draggan.eval.ContentDistance;
import sc.fiji.draggan.invert.InversionListener;
import sc.fiji.draggan.invert.InversionParameters;
import sc.fiji.draggan.invert.InversionResult;
import sc.fiji.draggan.invert.Inverter;
import sc.fiji.draggan.invert.SourcePlacement;
import sc.fiji.draggan.invert.FitGeometry;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.Latents;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.model.SynthesisOptions;
import sc.fiji.draggan.progress.Monitor;

/**
 * The drag use case, the one place a drag is run for every entry point: opens the model through
 * the {@link ModelRegistry}, finds the start latent (given, or by inverting the picture), maps the
 * pairs and region from the picture's pixels into the model's, runs the drag loop
 * ({@link DragSession} stepped by {@link DragRunner}) and measures where the content went. The
 * data path is described in docs/design.md#one-drag-from-a-point-roi-to-a-frame.
 */
public final class DragUseCase {

	/** Hears every step as it is made (e.g. to show it live or add it to a stack). */
	public interface Listener {

		/**
		 * Called after an inversion, before {@link #started}: how the model's pictures go back into the
		 * inverted picture (its size, position, type; docs/algorithm.md#results-in-place).
		 */
		default void placed(final SourcePlacement placement) {}

		/**
		 * Called after an inversion with pivotal tuning: may keep the tuned generator (e.g. write it to a
		 * temporary file) so that a second drag of the result renders the same picture; returns where, or null.
		 */
		default Path keepTuned(final Generator tuned, final LoadedModel base) {
			return null;
		}

		/** Called once the start picture is known (after an inversion: its reconstruction); pairs in model pixels. */
		default void started(final GeneratorImage startImage, final List<PointPair> modelPoints) {}

		/** After every step, with the tracked pairs in model pixels; {@code step.image} is null for steps whose picture is not recorded. */
		default void step(final StepResult step, final List<PointPair> modelPoints) {}
	}

	private final ModelRegistry registry;

	public DragUseCase(final ModelRegistry registry) {
		this.registry = registry;
	}

	/** Runs {@code q}, reporting to and polled by {@code monitor}. Holds the process-wide run lock. */
	public DragOutcome run(final DragRequest q, final Monitor monitor, final Listener listener) throws Exception {
		check(q);
		return ModelRegistry.exclusively(() -> runLocked(q, monitor, listener));
	}

	static void check(final DragRequest q) {
		if (q.points == null || q.points.isEmpty()) throw new IllegalArgumentException("no handle/target points given");
		if (q.maxSteps < 0) throw new IllegalArgumentException("the step limit must be zero or more, got " + q.maxSteps);
		if (q.every < 0) throw new IllegalArgumentException("every must be 0 (final image only) or more, got " + q.every);
		if (q.latent == null && q.image == null) throw new IllegalArgumentException("nothing to drag: give a latent or a picture to invert");
	}

	private DragOutcome runLocked(final DragRequest q, final Monitor monitor, final Listener listener) throws Exception {
		final LoadedModel m = registry.model(q.model, q.device, monitor);
		final GeneratorConfig c = m.config;
		final FitGeometry geometry = geometry(q, c);
		// a real picture (inverted now, or fitted to the model earlier) gets the real-picture defaults (docs/algorithm.md#real-pictures)
		final boolean real = q.latent == null || geometry != null;
		final DragParameters parameters = real ? DragOptions.RealPicture.apply(q.parameters) : q.parameters;
		final DragParameters.Resolved resolved = parameters.resolve(c);
		final List<PointPair> modelPoints = toModel(q.points, geometry, c);
		final EditRegion given = q.region == null ? null : geometry == null ? checkSize(q.region, c) : q.region.toModel(geometry);
		final boolean automatic = given == null && q.autoRegion && real;
		final EditRegion region = automatic ? EditRegion.around(modelPoints, c.imgWidth(), c.imgHeight()) : given;
		InversionResult inverted = null;
		SourcePlacement placement = null;
		Path kept = null;
		try {
			final float[] ws0;
			final Generator editor;
			final String start;
			if (q.latent != null) {
				if (q.latentModelSha256 != null && !q.latentModelSha256.equalsIgnoreCase(m.sha256)) throw new IllegalArgumentException(
					"the latent was made with another model (sha256 " + q.latentModelSha256.substring(0, Math.min(12, q.latentModelSha256.length())) +
						"…) than " + m.path.getFileName());
				ws0 = q.latent.ws(m.generator, m.manager());
				// a picture fitted to the model earlier (Drag GAN Invert, an earlier drag in place): frames go back into it too
				if (geometry != null && q.image != null) placement = SourcePlacement.fitted(q.image, geometry, q.inversion.range, c.imgChannels);
				editor = q.tunedWeights != null ? registry.tuned(m, q.tunedWeights, monitor) : m.generator;
				start = (q.source != null ? q.source : q.latent.describe()) + (geometry != null ? " (" + geometry + ")" : "") + (q.tunedWeights != null ?
					"; tuned weights " + q.tunedWeights : "");
			}
			else {
				final InversionParameters ip = q.inversion.copy();
				ip.wPlus = parameters.space != LatentSpace.W;
				ip.validate();
				monitor.status(String.format(Locale.ROOT, "inverting the picture (%s, %d steps%s)", geometry, ip.steps, ip.ptiSteps > 0 ? ", " + ip.ptiSteps +
					" tuning steps" : ""));
				inverted = Inverter.invert(m.generator, q.image, ip, InversionListener.reportingTo(monitor));
				ws0 = inverted.ws;
				placement = new SourcePlacement(q.image, inverted.prepared);
				if (inverted.tuned != null) kept = listener.keepTuned(inverted.tuned, m);
				editor = inverted.generatorFor(m.generator);
				start = String.format(Locale.ROOT, "inverted from %s (%s; %d steps, %s; PSNR %.2f dB, SSIM %.3f, %.1f s)%s%s", q.source != null ? q.source
					: "the picture", geometry, ip.steps, ip.wPlus ? "w+" : "w", inverted.psnr, inverted.ssim, inverted.seconds, inverted.cancelled ? ", cancelled" : "",
					inverted.tuned != null ? "; dragging with the tuned generator" : "");
				if (inverted.cancelled) {
					monitor.status("cancelled while inverting; the result holds the latent found so far");
					return new DragOutcome(m, resolved, start, summary(inverted), geometry, placement, kept, inverted.reconstruction, ws0, null, q.points, modelPoints, q.points, Double
						.NaN, Double.NaN, null).withRegion(region, automatic);
				}
			}
			if (placement != null) listener.placed(placement);
			if (inverted != null) listener.started(inverted.reconstruction, modelPoints);
			final DragResult r;
			try (DragSession session = new DragSession(editor, ws0, parameters)) {
				session.setPoints(modelPoints);
				session.setMask(region);
				if (region != null && !session.hasMaskTerm()) monitor.status("the edit region allows everything or nothing to change: no mask term");
				monitor.status("dragging " + modelPoints.size() + " point" + (modelPoints.size() == 1 ? "" : "s") + " with " + m.describe() + ", " + resolved);
				r = new DragRunner().maxSteps(q.maxSteps).every(q.every).monitor(monitor).listener(s -> listener.step(s, tracked(modelPoints, s))).run(
					session);
			}
			final GeneratorImage startImage = r.frameSteps.get(0) == 0 ? r.frames.get(0) : render(editor, ws0, m.manager());
			double tracked = 0, content = 0;
			ContentCheck check = null;
			final GeneratorImage end = r.finalImage();
			final float[] a = startImage.grey(), b = end.grey();
			for (int i = 0; i < modelPoints.size(); i++) {
				final PointPair s = modelPoints.get(i);
				final int hx = (int) Math.round(s.handleX), hy = (int) Math.round(s.handleY);
				final double[] found = ContentDistance.find(a, b, end.width, end.height, hx, hy, s.targetX, s.targetY);
				final double t = r.points.get(i).distance(), cd = Math.hypot(found[0] - s.targetX, found[1] - s.targetY);
				tracked = Math.max(tracked, t);
				content = Math.max(content, cd);
				check = ContentCheck.worse(check, new ContentCheck(r.converged, s.distance(), t, cd, Math.hypot(found[0] - hx, found[1] - hy)));
			}
			final Path tuned = q.latent != null ? q.tunedWeights : kept;
			monitor.status(String.format(Locale.ROOT, "%s, %s", r.cancelled ? "cancelled" : r.converged ? "converged" : "step limit", PointPair.distances(r.points)));
			if (check.lags()) monitor.status("warning: " + check.warning());
			return new DragOutcome(m, resolved, start, inverted == null ? null : summary(inverted), geometry, placement, tuned, startImage, ws0, r, q.points, modelPoints, toPicture(
				r.points, q.points, geometry), tracked, content, check).withRegion(region, automatic);
		}
		finally {
			if (inverted != null) inverted.close();
		}
	}

	/**
	 * The fit of the picture to the model's picture (its aspect and size: square, or H × W for
	 * StyleGAN-Human), or null when the picture is the generator's own.
	 */
	static FitGeometry geometry(final DragRequest q, final GeneratorConfig c) {
		if (q.latent == null) return FitGeometry.of(q.image.width, q.image.height, q.inversion.fit, c);
		if (q.pictureWidth <= 0 || (q.pictureWidth == c.imgWidth() && q.pictureHeight == c.imgHeight())) return null;
		if (q.fit == null) throw new IllegalArgumentException("the picture is " + q.pictureWidth + "x" + q.pictureHeight +
			" but its latent belongs to a model of " + c.imgWidth() + "x" + c.imgHeight() + " pictures, and nothing says how it was fitted to the model");
		return FitGeometry.of(q.pictureWidth, q.pictureHeight, q.fit, c);
	}

	/** Picture pixel (x, y) to model pixel through the fit (pixel centres at +0.5 on both sides); fails for points the model does not see. */
	static List<PointPair> toModel(final List<PointPair> points, final FitGeometry g, final GeneratorConfig c) {
		if (g == null) {
			PointPair.checkInside(points, c.imgWidth(), c.imgHeight());
			return points;
		}
		final List<PointPair> mapped = new ArrayList<>();
		for (final PointPair p : points) {
			final double[] h = g.toModel(p.handleX + 0.5, p.handleY + 0.5), t = g.toModel(p.targetX + 0.5, p.targetY + 0.5);
			mapped.add(new PointPair(h[0] - 0.5, h[1] - 0.5, t[0] - 0.5, t[1] - 0.5));
		}
		try {
			PointPair.checkInside(mapped, c.imgWidth(), c.imgHeight());
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("after fitting the image to the model (" + g + "): " + e.getMessage());
		}
		return mapped;
	}

	/** Handles in model pixels back to the picture's, with the picture's own targets ({@code g} null: the same pixels). */
	public static List<PointPair> toPicture(final List<PointPair> model, final List<PointPair> picture, final FitGeometry g) {
		final List<PointPair> out = new ArrayList<>();
		for (int i = 0; i < model.size(); i++) {
			final PointPair p = model.get(i);
			if (g == null) {
				out.add(picture.get(i).withHandle(p.handleX, p.handleY));
				continue;
			}
			final double[] h = g.toSource(p.handleX + 0.5, p.handleY + 0.5);
			out.add(picture.get(i).withHandle(h[0] - 0.5, h[1] - 0.5));
		}
		return out;
	}

	private static EditRegion checkSize(final EditRegion r, final GeneratorConfig c) {
		if (r.width != c.imgWidth() || r.height != c.imgHeight()) throw new IllegalArgumentException("the edit region is " + r.width + "x" + r.height +
			"; it must be " + c.imgWidth() + "x" + c.imgHeight() + " (width x height) like the generator's picture");
		return r;
	}

	static List<PointPair> tracked(final List<PointPair> pairs, final StepResult s) {
		final List<PointPair> now = new ArrayList<>();
		for (int i = 0; i < pairs.size(); i++) now.add(pairs.get(i).withHandle(s.points.get(i)[0], s.points.get(i)[1]));
		return now;
	}

	private static DragOutcome.Inversion summary(final InversionResult r) {
		return new DragOutcome.Inversion(r.psnr, r.ssim, r.seconds, r.tuned != null, r.cancelled, r.toJson());
	}

	/** The generator's picture of {@code ws} with constant noise. */
	static GeneratorImage render(final Generator g, final float[] ws, final NDManager root) {
		final GeneratorConfig c = g.config();
		try (NDManager m = root.newSubManager()) {
			return Latents.image(g.synthesis(m.create(ws, new Shape(1, c.numWs(), c.wDim)), SynthesisOptions.imageOnly()).image());
		}
	}
}
