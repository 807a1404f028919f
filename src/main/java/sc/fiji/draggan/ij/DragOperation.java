package sc.fiji.draggan.ij;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.ImagePlus;
import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.edit.DragResult;
import sc.fiji.draggan.edit.DragRunner;
import sc.fiji.draggan.edit.DragSession;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.edit.StepResult;
import sc.fiji.draggan.model.GeneratorConfig;

/**
 * {@code Drag GAN...} on the ImageJ side: checks the request against the model, starts from the
 * image's latent, runs the core drag ({@link DragSession} + {@link DragRunner}) and turns its
 * recorded steps into the result stack as they come, then attaches the final latent and the Info.
 * Holds no algorithm: tracking, losses, updates and the stop rule are the core's.
 */
public final class DragOperation {

	private DragOperation() {}

	/** What a drag gave. */
	public static final class Outcome {
		public final ImagePlus result;
		public final List<PointPair> finalPoints;
		public final int steps;
		public final boolean converged, cancelled;

		Outcome(final ImagePlus result, final List<PointPair> finalPoints, final int steps, final boolean converged, final boolean cancelled) {
			this.result = result;
			this.finalPoints = finalPoints;
			this.steps = steps;
			this.converged = converged;
			this.cancelled = cancelled;
		}
	}

	public static Outcome run(final DragRequest q, final RunMonitor monitor) throws Exception {
		if (q.image == null) throw new IllegalArgumentException("no image to drag: open or generate one first");
		if (q.model == null) throw new IllegalArgumentException("no model given: set model=[/path/to/model.pkl]");
		if (q.points == null || q.points.isEmpty()) throw new IllegalArgumentException("no handle/target points given");
		if (q.nSteps < 1) throw new IllegalArgumentException("n_steps must be at least 1, got " + q.nSteps);
		if (q.every < 1) throw new IllegalArgumentException("every must be at least 1, got " + q.every);
		return ModelCache.exclusively(() -> {
			final ModelCache.Loaded m = ModelCache.get(q.model, q.device, monitor);
			final GeneratorConfig c = m.config;
			final int res = c.imgResolution;
			if (q.image.getWidth() != res || q.image.getHeight() != res) throw new IllegalArgumentException("'" + q.image.getTitle() + "' is " +
				q.image.getWidth() + "x" + q.image.getHeight() + " but " + m.path.getFileName() + " makes " + res + "x" + res + " images");
			final List<PointPair> points = DragPoints.checkInside(q.points, res, res);
			final DragParameters.Resolved resolved = q.parameters.resolve(c);
			final Latent start = startLatent(q.image, m);
			final ResultStack stack = new ResultStack(ResultStack.titleFor(q.image.getTitle()), res, res, q.showArrows, q.live);
			final DragResult r;
			try (DragSession session = new DragSession(m.generator, start.ws, q.parameters)) {
				session.setPoints(points);
				session.setMask(toFloat(q.movable));
				monitor.status("dragging " + points.size() + " point" + (points.size() == 1 ? "" : "s") + " with " + m.describe() + ", " + resolved);
				r = new DragRunner().maxSteps(q.nSteps).every(q.every).cancelWhen(monitor::isCancelled).listener(s -> {
					final List<PointPair> now = tracked(points, s);
					monitor.progress(s.step + 1, q.nSteps, String.format(Locale.ROOT, "step %d/%d, %s", s.step + 1, q.nSteps, distances(now)));
					if (s.image != null) stack.add(ImageConversion.toProcessor(s.image), s.step, now);
				}).run(session);
			}
			// the runner ends with the image of the final latent unless the last step recorded it
			if (r.frames.size() > stack.frames()) stack.add(ImageConversion.toProcessor(r.finalImage()), stepOf(r.labels.get(r.labels.size() - 1)), r.points);
			final int steps = r.trace.steps().size();
			final String outcome = (r.cancelled ? "cancelled" : r.converged ? "converged" : "step limit") + " after " + steps + " step" + (steps == 1 ? "" : "s") +
				", " + stack.frames() + " frames";
			final ImagePlus out = stack.image();
			new Latent(c.numWs(), c.wDim, r.ws, m.sha256).attachTo(out);
			out.setProperty("Info", ResultInfo.edited(q.image.getTitle(), m, points, r.points, q.maskSource, q.parameterLine, resolved, outcome,
				"attached to '" + q.image.getTitle() + "'"));
			out.setProp("DragGAN.final_points", DragPoints.format(r.points));
			monitor.done();
			monitor.status(outcome + " (" + distances(r.points) + ")");
			return new Outcome(out, r.points, steps, r.converged, r.cancelled);
		});
	}

	/** The image's attached latent, checked against the model; a clear refusal when it has none. */
	static Latent startLatent(final ImagePlus image, final ModelCache.Loaded m) {
		final Latent l = Latent.of(image);
		if (l == null) throw new IllegalArgumentException("'" + image.getTitle() + "' carries no Drag GAN latent: drag an image made by " +
			"Drag GAN Generate... or by an earlier drag (inversion of other images is not available yet)");
		return l.checkFits(m.config.numWs(), m.config.wDim, m.sha256, m.path.getFileName().toString());
	}

	static List<PointPair> tracked(final List<PointPair> pairs, final StepResult s) {
		final List<PointPair> now = new ArrayList<>();
		for (int i = 0; i < pairs.size(); i++) now.add(DragPoints.withHandle(pairs.get(i), s.points.get(i)[0], s.points.get(i)[1]));
		return now;
	}

	static String distances(final List<PointPair> pairs) {
		final StringBuilder s = new StringBuilder("d=");
		for (int i = 0; i < pairs.size(); i++) {
			if (i > 0) s.append(", ");
			s.append(String.format(Locale.ROOT, "%.1f", DragPoints.distance(pairs.get(i))));
		}
		return s.toString();
	}

	private static final Pattern STEP = Pattern.compile("step (\\d+)");

	static int stepOf(final String label) {
		final Matcher mt = STEP.matcher(label);
		return mt.find() ? Integer.parseInt(mt.group(1)) : -1;
	}

	static float[] toFloat(final boolean[] movable) {
		if (movable == null) return null;
		final float[] f = new float[movable.length];
		for (int i = 0; i < f.length; i++) f[i] = movable[i] ? 1f : 0f;
		return f;
	}
}
