package sc.fiji.draggan.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ij.ImagePlus;
import ij.ImageStack;
import sc.fiji.draggan.ij.ImageConversion;
import sc.fiji.draggan.ij.InputImages;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.edit.DragResult;
import sc.fiji.draggan.edit.DragRunner;
import sc.fiji.draggan.edit.DragSession;
import sc.fiji.draggan.edit.LatentSpace;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.edit.StepResult;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.eval.ContentDistance;
import sc.fiji.draggan.invert.InputImage;
import sc.fiji.draggan.invert.InversionParameters;
import sc.fiji.draggan.invert.InversionPhase;
import sc.fiji.draggan.invert.InversionResult;
import sc.fiji.draggan.invert.Inverter;
import sc.fiji.draggan.invert.SquareGeometry;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.Latents;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.model.SynthesisOptions;

/**
 * {@code draggan drag}: drags handle points to targets on a generated image (DragGAN, spec §1) and
 * writes the trajectory as a labelled TIFF stack (optionally a GIF), the trace as JSON and the final
 * latent as .npy. With {@code --image IMG} it first inverts a real image (W/W+ projection and pivotal
 * tuning, as {@code draggan invert}) and drags with the tuned generator copy; points and mask are
 * then in the image's pixels and follow the fit to the model's square. Ends with one JSON line:
 * final_distance_px (tracked handle to target), content_distance_px (where the handle's patch of the
 * start image is found in the final image, to the target; the worst point of each), the inversion's
 * PSNR when there was one.
 */
public final class DragCommand implements Subcommand {

	@Override
	public String name() {
		return "drag";
	}

	@Override
	public String usage() {
		return "drag [--model MODEL] (--seed N | --z Z.npy | --ws WS.npy | --image IMG [--steps 500] [--pti-steps 100] [--seed S] [--fit crop|pad]) " +
			"[--psi 0.7] [--class K] --points \"x,y>tx,ty;...\" " +
			"[--mask MASK] [--lr 0.001] [--lambda 20] [--r1 PX] [--r2 PX] [--feature-block K] [--space w+|w] " +
			"[--max-steps 300] [--every K (0 = final image only)] [--device auto|cpu|gpu] --out STACK.tif [--gif OUT.gif] [--trace TRACE.json] " +
			"[--ws-out WS.npy]";
	}

	@Override
	public int run(final Options o, final PrintStream out) throws Exception {
		final Path modelPath = o.modelOrDefault();
		final Path imageFile = o.path("image");
		final LatentSource latent = imageFile == null ? LatentSource.from(o) : null;
		final InversionParameters inversion = imageFile == null ? null : inversionOptions(o);
		final List<PointPair> pairs;
		try {
			pairs = PointPair.parseList(o.require("points"));
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--points: " + e.getMessage());
		}
		final Path maskPath = o.path("mask");
		final DragParameters p = new DragParameters();
		p.learningRate = o.getDouble("lr", p.learningRate);
		p.lambdaMask = o.getDouble("lambda", p.lambdaMask);
		if (o.has("r1")) p.r1 = o.getInt("r1", 0);
		if (o.has("r2")) p.r2 = o.getInt("r2", 0);
		if (o.has("feature-block")) p.featureBlock = o.getInt("feature-block", 0);
		try {
			p.space = LatentSpace.parse(o.get("space", "w+"));
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--space: " + e.getMessage());
		}
		final int maxSteps = o.getInt("max-steps", 300);
		final int every = o.getInt("every", 1);
		if (maxSteps < 0) throw new UsageException("--max-steps must be zero or more, got " + maxSteps);
		if (every < 0) throw new UsageException("--every must be 0 (final image only) or more, got " + every);
		final String deviceChoice = o.get("device", "auto");
		final Path outPath = o.requirePath("out");
		final Path gifPath = o.path("gif");
		final Path tracePath = o.path("trace");
		final Path wsOut = o.path("ws-out");
		o.finish();
		checkSuffix(outPath, "--out", ".tif", ".tiff");
		if (gifPath != null) checkSuffix(gifPath, "--gif", ".gif");
		OutputFiles.check(OutputFiles.named("out", outPath, "gif", gifPath, "trace", tracePath, "ws-out", wsOut),
			OutputFiles.named("model", modelPath, "image", imageFile, "mask", maskPath, "ws", o.path("ws"), "z", o.path("z")));

		final Checkpoint cp = ModelLoader.load(modelPath);
		final GeneratorConfig cfg = cp.generatorConfig();
		final int res = cfg.imgResolution;
		if (imageFile != null && !cfg.square)
			throw new UsageException("--image needs a square generator: inversion of this " + cfg.family + " model's " + cfg.imgHeight() + "x" +
				cfg.imgWidth() + " (H x W) pictures is not supported; start from --seed, --z or --ws");
		// a real image: points and mask are in its pixels, mapped onto the model's square as the inversion fits it
		final ImagePlus source = imageFile == null ? null : ImageFiles.open(imageFile);
		final SquareGeometry geometry = source == null ? null : new SquareGeometry(source.getWidth(), source.getHeight(), inversion.fit, res);
		final List<PointPair> modelPairs = geometry == null ? pairs : toModel(pairs, geometry);
		final DragParameters.Resolved resolved;
		try {
			resolved = p.resolve(cfg);
			PointPair.checkInside(modelPairs, cfg.imgWidth(), cfg.imgHeight());
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException((geometry != null ? "after fitting the image to the model (" + geometry + "): " : "") + e.getMessage());
		}
		final float[] mask;
		try {
			mask = maskPath == null ? null : geometry == null ? MaskFile.read(maskPath, cfg.imgWidth(), cfg.imgHeight(), "generator") : MaskFile.toModel(MaskFile.read(maskPath,
				source.getWidth(), source.getHeight(), "input"), geometry);
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--mask: " + e.getMessage());
		}
		if (inversion != null) inversion.wPlus = p.space != LatentSpace.W;
		final Device device = Djl.device(deviceChoice);
		out.println(String.format(Locale.ROOT, "model %s: %s px, %d ws; %s; device %s", modelPath.getFileName(),
			cfg.square ? Integer.toString(cfg.imgResolution) : cfg.imgHeight() + "x" + cfg.imgWidth() + " (H x W)", cfg.numWs(), resolved, device));
		if (geometry != null) out.println("image " + imageFile.getFileName() + ": " + geometry + "; points in model pixels " + format(modelPairs));
		final DragResult result;
		final GeneratorImage startImage;
		InversionResult inverted = null;
		try (NDManager root = Djl.newManager(device);
			Generator g = Generator.create(cfg, cp.generator(), root, device))
		{
			final float[] ws0;
			if (source != null) {
				final InputImage input = InputImages.fromImagePlus(source);
				inverted = Inverter.invert(g, input, inversion, (phase, step, steps, loss, psnr) -> {
					if (step == steps || step % 100 == 0) out.println(String.format(Locale.ROOT, "invert %s step %d/%d: PSNR %.2f dB", phase, step, steps, psnr));
				});
				ws0 = inverted.ws;
				out.println("inverted " + imageFile.getFileName() + ": " + describe(inverted));
			}
			else {
				try {
					ws0 = latent.ws(g, root);
				}
				catch (final IllegalArgumentException e) {
					throw new UsageException(e.getMessage());
				}
			}
			try (InversionResult owned = inverted) {
				final Generator editor = owned != null ? owned.generatorFor(g) : g; // the tuned copy after pivotal tuning
				startImage = render(editor, ws0, root);
				try (DragSession session = new DragSession(editor, ws0, p)) {
					session.setPoints(modelPairs);
					session.setMask(mask);
					if (mask != null && !session.hasMaskTerm()) out.println("mask allows everything or nothing to change: no mask term (as the official tools)");
					final Interruption interruption = Interruption.current();
					interruption.arm(); // Ctrl-C from here: stop after the current step, write the frames done so far
					result = new DragRunner().maxSteps(maxSteps).every(every).cancelWhen(interruption::requested).listener(r -> out.println(line(r)))
						.run(session);
				}
			}
		}
		writeStack(result, outPath);
		if (gifPath != null) writeGif(result, gifPath);
		if (tracePath != null) result.trace.write(tracePath);
		if (wsOut != null) Npy.writeFloat32(wsOut, new long[] { 1, cfg.numWs(), cfg.wDim }, result.ws);
		out.println(String.format(Locale.ROOT, "%s after %d steps; wrote %s (%d frames)%s%s%s",
			result.converged ? "converged" : result.cancelled ? "interrupted" : "stopped at the step limit", result.trace.steps().size(), outPath,
			result.frames.size(), gifPath != null ? ", " + gifPath : "", tracePath != null ? ", " + tracePath : "",
			wsOut != null ? ", " + wsOut : ""));
		out.println(summary(modelPairs, result, startImage, inverted));
		return 0;
	}

	/** The inversion options of {@code --image} (those of {@code draggan invert}); {@code --seed} is the inversion's seed here. */
	static InversionParameters inversionOptions(final Options o) {
		for (final String k : new String[] { "z", "ws", "psi", "class" }) {
			if (o.has(k)) throw new UsageException("--" + k + " does not go with --image: the image is inverted to find the start latent");
		}
		final InversionParameters ip = InvertCommand.options(o, 100);
		try {
			return ip.validate();
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	/** Source pixel (x, y) to model pixel through the fit (pixel centres at +0.5 on both sides). */
	static List<PointPair> toModel(final List<PointPair> pairs, final SquareGeometry g) {
		final List<PointPair> out = new java.util.ArrayList<>();
		for (final PointPair p : pairs) {
			final double[] h = g.toModel(p.handleX + 0.5, p.handleY + 0.5), t = g.toModel(p.targetX + 0.5, p.targetY + 0.5);
			out.add(new PointPair(h[0] - 0.5, h[1] - 0.5, t[0] - 0.5, t[1] - 0.5));
		}
		return out;
	}

	private static String format(final List<PointPair> pairs) {
		final StringBuilder s = new StringBuilder();
		for (final PointPair p : pairs) {
			if (s.length() > 0) s.append(';');
			s.append(String.format(Locale.ROOT, "%.1f,%.1f>%.1f,%.1f", p.handleX, p.handleY, p.targetX, p.targetY));
		}
		return s.toString();
	}

	static String describe(final InversionResult r) {
		final StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "PSNR %.2f dB, SSIM %.4f", r.psnr, r.ssim));
		for (final java.util.Map.Entry<InversionPhase, Double> e : r.phasePsnr.entrySet()) {
			s.append(String.format(Locale.ROOT, ", %s %.2f dB", e.getKey(), e.getValue()));
		}
		return s.append(String.format(Locale.ROOT, ", %.1f s%s", r.seconds, r.tuned != null ? ", dragging with the tuned generator" : "")).toString();
	}

	/**
	 * The closing JSON line: per point, the tracked handle's distance to its target and where the
	 * handle's start patch is found in the final image ({@link ContentDistance}, on the channel mean);
	 * the worst point of each, so one number says whether every point arrived.
	 */
	static String summary(final List<PointPair> start, final DragResult r, final GeneratorImage startImage, final InversionResult inverted) {
		double tracked = 0, content = 0;
		final GeneratorImage end = r.finalImage();
		final float[] a = grey(startImage), b = grey(end);
		for (int i = 0; i < start.size(); i++) {
			final PointPair s = start.get(i), f = r.points.get(i);
			tracked = Math.max(tracked, Math.hypot(f.handleX - f.targetX, f.handleY - f.targetY));
			content = Math.max(content, ContentDistance.distance(a, b, end.width, end.height, (int) Math.round(s.handleX), (int) Math.round(s.handleY),
				s.targetX, s.targetY));
		}
		final StringBuilder j = new StringBuilder(String.format(Locale.ROOT, "{\"final_distance_px\": %.2f, \"content_distance_px\": %.2f, \"steps\": %d, " +
			"\"converged\": %s", tracked, content, r.trace.steps().size(), r.converged));
		if (inverted != null) j.append(String.format(Locale.ROOT, ", \"inversion_psnr_db\": %.2f, \"inversion_ssim\": %.4f, \"inversion_seconds\": %.1f, " +
			"\"tuned\": %s", inverted.psnr, inverted.ssim, inverted.seconds, inverted.tuned != null));
		return j.append('}').toString();
	}

	/** Channel mean of a CHW image (ContentDistance works on one channel). */
	static float[] grey(final GeneratorImage img) {
		final int n = img.pixels();
		if (img.channels == 1) return img.data;
		final float[] g = new float[n];
		for (int c = 0; c < img.channels; c++) for (int i = 0; i < n; i++) g[i] += img.data[c * n + i] / img.channels;
		return g;
	}

	/** The generator's image of {@code ws} with constant noise (the drag's first frame). */
	static GeneratorImage render(final Generator g, final float[] ws, final NDManager root) {
		final GeneratorConfig c = g.config();
		try (NDManager m = root.newSubManager()) {
			final NDArray img = g.synthesis(m.create(ws, new ai.djl.ndarray.types.Shape(1, c.numWs(), c.wDim)), new SynthesisOptions()).image();
			return sc.fiji.draggan.model.Latents.image(img);
		}
	}

	static String line(final StepResult r) {
		final StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "step %d:", r.step));
		for (final double[] pt : r.points) s.append(String.format(Locale.ROOT, " (%d,%d)", (long) pt[0], (long) pt[1]));
		s.append(String.format(Locale.ROOT, " motion %.5f mask %.5f total %.5f%s %.0f ms", r.lossMotion, r.lossMask,
			r.lossTotal, r.stop ? " STOP" : "", r.millis));
		return s.toString();
	}

	private static void checkSuffix(final Path p, final String option, final String... suffixes) {
		final String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		for (final String s : suffixes) if (n.endsWith(s)) return;
		throw new UsageException(option + " must name a " + String.join(" or ", suffixes) + " file, got " + p);
	}

	static void writeStack(final DragResult r, final Path file) throws IOException {
		ImageFiles.save(stack(r, "drag"), file);
	}

	static void writeGif(final DragResult r, final Path file) throws IOException {
		final ImagePlus imp = stack(r, "drag");
		imp.getCalibration().fps = 10;
		ImageFiles.save(imp, file);
	}

	static ImagePlus stack(final DragResult r, final String title) {
		final GeneratorImage first = r.frames.get(0);
		final ImageStack st = new ImageStack(first.width, first.height);
		for (int i = 0; i < r.frames.size(); i++) st.addSlice(r.labels.get(i), ImageConversion.toProcessor(r.frames.get(i)));
		final ImagePlus imp = new ImagePlus(title, st);
		return imp;
	}

	/** Where the start latent comes from: a seed (mapping with ψ), a z file, or a ws file. */
	static final class LatentSource {
		Long seed;
		double psi = 0.7;
		int classIndex = 0;
		Path z, ws;

		static LatentSource from(final Options o) {
			final LatentSource l = new LatentSource();
			int given = 0;
			if (o.has("seed")) {
				l.seed = o.getLong("seed", 0);
				given++;
			}
			if (o.has("z")) {
				l.z = o.path("z");
				given++;
			}
			if (o.has("ws")) {
				l.ws = o.path("ws");
				given++;
			}
			if (given != 1) throw new UsageException("give exactly one of --seed N, --z Z.npy or --ws WS.npy");
			if (o.has("class")) {
				if (l.ws != null) throw new UsageException("--class applies to --seed or --z, not to --ws");
				l.classIndex = o.getInt("class", 0);
			}
			if (o.has("psi")) {
				if (l.ws != null) throw new UsageException("--psi applies to --seed or --z, not to --ws");
				l.psi = o.getDouble("psi", 0.7);
			}
			return l;
		}

		float[] ws(final Generator g, final NDManager root) throws IOException {
			final GeneratorConfig c = g.config();
			try (NDManager m = root.newSubManager()) {
				if (ws != null) {
					final Npy.Array a = Npy.read(ws);
					if (a.values.length == c.wDim && a.rank() <= 2) { // one w: repeat it on every layer
						final float[] out = new float[c.numWs() * c.wDim];
						final float[] w = Latents.finite(a.toFloats(), "ws");
						for (int k = 0; k < c.numWs(); k++) System.arraycopy(w, 0, out, k * c.wDim, c.wDim);
						return out;
					}
					return Latents.wsFromNpy(m, c, a).toFloatArray();
				}
				final NDArray zz = seed != null ? Latents.zFromSeed(m, c, seed) : Latents.zFromNpy(m, c, Npy.read(z));
				return g.mapping(zz, Latents.oneHot(m, c, classIndex), psi, -1).toFloatArray();
			}
		}
	}
}
