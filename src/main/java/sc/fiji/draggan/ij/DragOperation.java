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
import sc.fiji.draggan.edit.LatentSpace;
import sc.fiji.draggan.edit.StepResult;
import sc.fiji.draggan.invert.InputImage;
import sc.fiji.draggan.invert.InversionListener;
import sc.fiji.draggan.invert.InversionParameters;
import sc.fiji.draggan.invert.InversionPhase;
import sc.fiji.draggan.invert.InversionResult;
import sc.fiji.draggan.invert.Inverter;
import sc.fiji.draggan.invert.SquareFit;
import sc.fiji.draggan.invert.SquareGeometry;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;

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
			final DragParameters.Resolved resolved = q.parameters.resolve(c);
			final Start start = hasLatentForThisSlice(q.image) ? fromLatent(q, m) : invert(q, m, monitor);
			// an image inverted with pivotal tuning is dragged with its tuned generator copy
			final TunedWeights.Choice editor = start.fromLatent ? TunedWeights.generatorFor(q.image, m, monitor) : new TunedWeights.Choice(m.generator,
				null, null);
			if (editor.description != null) start.description += "; " + editor.description;
			final List<PointPair> points = start.points;
			if (start.cancelled) {
				final ResultStack only = new ResultStack(ResultStack.titleFor(q.image.getTitle()), c.imgWidth(), c.imgHeight(), q.showArrows, q.live);
				only.add(ImageConversion.toProcessor(start.image), 0, points);
				final ImagePlus out = only.image();
				new Latent(c.numWs(), c.wDim, start.ws, m.sha256).attachTo(out);
				out.setProperty("Info", ResultInfo.edited(q.image.getTitle(), m, points, points, start.maskSource, q.parameterLine, resolved,
					"cancelled while inverting, no drag step", start.description));
				monitor.status("cancelled while inverting; the result holds the latent found so far");
				return new Outcome(out, points, 0, false, true);
			}
			final ResultStack stack = new ResultStack(ResultStack.titleFor(q.image.getTitle()), c.imgWidth(), c.imgHeight(), q.showArrows, q.live);
			final DragResult r;
			try (DragSession session = new DragSession(editor.generator, start.ws, q.parameters)) {
				session.setPoints(points);
				session.setMask(toFloat(start.movable));
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
			TunedWeights.attach(out, editor.tuned); // a second drag of the result goes on with the same weights
			out.setProperty("Info", ResultInfo.edited(q.image.getTitle(), m, points, r.points, start.maskSource, q.parameterLine, resolved, outcome,
				start.description));
			out.setProp("DragGAN.final_points", DragPoints.format(r.points));
			out.setRoi(DragPoints.toRoi(r.points)); // the next drag can start from the selection
			monitor.done();
			monitor.status(outcome + " (" + distances(r.points) + ")");
			return new Outcome(out, r.points, steps, r.converged, r.cancelled);
		});
	}

	/** Where a drag starts, in model coordinates. */
	public static final class Start {
		public float[] ws;
		public List<PointPair> points;
		public boolean[] movable;
		public String maskSource, description;
		public boolean cancelled, fromLatent;
		public GeneratorImage image;
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

	/**
	 * The image's attached latent, checked against the model. The image must be the generator's size,
	 * unless Drag GAN Invert fitted it to the model's square ({@link InvertOperation#FIT_KEY}): then
	 * points and region follow that fit into model pixels.
	 */
	static Start fromLatent(final DragRequest q, final ModelCache.Loaded m) {
		final int res = m.config.imgResolution, width = m.config.imgWidth();
		final Start s = new Start();
		s.fromLatent = true;
		s.ws = startLatent(q.image, m).ws;
		s.maskSource = q.maskSource;
		s.description = "attached to '" + q.image.getTitle() + "'";
		if (q.image.getWidth() == width && q.image.getHeight() == res) {
			s.points = DragPoints.checkInside(q.points, width, res);
			s.movable = q.movable;
			return s;
		}
		final String fit = q.image.getProp(InvertOperation.FIT_KEY);
		if (fit == null || fit.trim().isEmpty()) throw new IllegalArgumentException("'" + q.image.getTitle() + "' is " + q.image.getWidth() + "x" +
			q.image.getHeight() + " but carries a latent of " + m.path.getFileName() + ", which makes " + width + "x" + res + " images");
		final SquareGeometry g = new SquareGeometry(q.image.getWidth(), q.image.getHeight(), SquareFit.parse(fit), res);
		s.points = toModel(q.points, g);
		s.movable = q.movable == null ? null : EditMask.toModel(q.movable, q.image.getWidth(), q.image.getHeight(), g);
		s.description += " (" + g + ")";
		return s;
	}

	/** Points of the source image in model pixels after the fit (pixel centres at +0.5); fails for points the model does not see. */
	static List<PointPair> toModel(final List<PointPair> points, final SquareGeometry g) {
		final List<PointPair> mapped = new ArrayList<>();
		for (final PointPair p : points) {
			final double[] h = g.toModel(p.handleX + 0.5, p.handleY + 0.5), t = g.toModel(p.targetX + 0.5, p.targetY + 0.5);
			mapped.add(new PointPair(h[0] - 0.5, h[1] - 0.5, t[0] - 0.5, t[1] - 0.5));
		}
		try {
			return DragPoints.checkInside(mapped, g.resolution, g.resolution);
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("after fitting the image to the model (" + g + "): " + e.getMessage());
		}
	}

	/** The image's attached latent, checked against the model. */
	public static Latent startLatent(final ImagePlus image, final ModelCache.Loaded m) {
		final Latent l = Latent.of(image);
		if (l == null) throw new IllegalArgumentException("'" + image.getTitle() + "' carries no Drag GAN latent");
		return l.checkFits(m.config.numWs(), m.config.wDim, m.sha256, m.path.getFileName().toString());
	}

	/**
	 * Inverts an image without latent (spec: real images need a latent first): the invert package
	 * fits it to the model's square and resolution; points and region follow into model pixels.
	 */
	public static Start invert(final DragRequest q, final ModelCache.Loaded m, final RunMonitor monitor) {
		final int res = m.config.imgResolution;
		Inverter.requireSquare(m.config);
		final InversionParameters ip = new InversionParameters();
		ip.steps = q.invertSteps;
		ip.wPlus = q.parameters.space != LatentSpace.W;
		ip.validate();
		// points and region into model pixels first: a point the model will not see fails before a long inversion
		final SquareGeometry g = new SquareGeometry(q.image.getWidth(), q.image.getHeight(), ip.fit, res);
		final Start s = new Start();
		s.points = toModel(q.points, g);
		s.movable = q.movable == null ? null : EditMask.toModel(q.movable, q.image.getWidth(), q.image.getHeight(), g);
		s.maskSource = q.maskSource;
		final InputImage input = InputImages.fromImagePlus(q.image);
		monitor.status("'" + q.image.getTitle() + "' carries no latent: inverting it (" + ip.steps + " steps)");
		final InversionListener listener = new InversionListener() {

			@Override
			public void progress(final InversionPhase phase, final int step, final int steps, final double loss, final double psnr) {
				monitor.progress(step, steps, String.format(Locale.ROOT, "inverting '%s' (%s) step %d/%d, PSNR %.1f dB", q.image.getTitle(), phase, step,
					steps, psnr));
			}

			@Override
			public boolean isCancelled() {
				return monitor.isCancelled();
			}
		};
		try (InversionResult r = Inverter.invert(m.generator, input, ip, listener)) {
			s.ws = r.ws;
			s.image = r.reconstruction;
			s.cancelled = r.cancelled;
			s.description = String.format(Locale.ROOT, "inverted from '%s' (%s; %d steps, %s; PSNR %.2f dB, SSIM %.3f, %.1f s)%s", q.image.getTitle(),
				r.prepared.geometry, ip.steps, ip.wPlus ? "w+" : "w", r.psnr, r.ssim, r.seconds, r.cancelled ? ", cancelled" : "");
			return s;
		}
	}

	public static List<PointPair> tracked(final List<PointPair> pairs, final StepResult s) {
		final List<PointPair> now = new ArrayList<>();
		for (int i = 0; i < pairs.size(); i++) now.add(DragPoints.withHandle(pairs.get(i), s.points.get(i)[0], s.points.get(i)[1]));
		return now;
	}

	public static String distances(final List<PointPair> pairs) {
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

	public static float[] toFloat(final boolean[] movable) {
		if (movable == null) return null;
		final float[] f = new float[movable.length];
		for (int i = 0; i < f.length; i++) f[i] = movable[i] ? 1f : 0f;
		return f;
	}
}
