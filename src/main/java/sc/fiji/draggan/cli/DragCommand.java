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
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.Latents;
import sc.fiji.draggan.model.StyleGan2Generator;

/**
 * {@code draggan drag}: drags handle points to targets on a generated image (DragGAN, spec §1) and
 * writes the trajectory as a labelled TIFF stack (optionally a GIF), the trace as JSON and the final
 * latent as .npy.
 */
public final class DragCommand implements Subcommand {

	@Override
	public String name() {
		return "drag";
	}

	@Override
	public String usage() {
		return "drag [--model MODEL] (--seed N | --z Z.npy | --ws WS.npy) [--psi 0.7] [--class K] --points \"x,y>tx,ty;...\" " +
			"[--mask MASK] [--lr 0.001] [--lambda 20] [--r1 PX] [--r2 PX] [--feature-block K] [--space w+|w] " +
			"[--max-steps 300] [--every K (0 = final image only)] [--device auto|cpu|gpu] --out STACK.tif [--gif OUT.gif] [--trace TRACE.json] " +
			"[--ws-out WS.npy]";
	}

	@Override
	public int run(final Options o, final PrintStream out) throws Exception {
		final Path modelPath = o.modelOrDefault();
		final LatentSource latent = LatentSource.from(o);
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

		final Checkpoint cp = ModelLoader.load(modelPath);
		final GeneratorConfig cfg = cp.generatorConfig();
		final DragParameters.Resolved resolved;
		try {
			resolved = p.resolve(cfg);
			PointPair.checkInside(pairs, cfg.imgResolution, cfg.imgResolution);
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		final float[] mask;
		try {
			mask = maskPath == null ? null : MaskFile.read(maskPath, cfg.imgResolution);
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--mask: " + e.getMessage());
		}
		final Device device = Djl.device(deviceChoice);
		out.println(String.format(Locale.ROOT, "model %s: %d px, %d ws; %s; device %s", modelPath.getFileName(),
			cfg.imgResolution, cfg.numWs(), resolved, device));
		final DragResult result;
		try (NDManager root = Djl.newManager(device);
			StyleGan2Generator g = new StyleGan2Generator(cfg, cp.generator(), root, device))
		{
			final float[] ws0;
			try {
				ws0 = latent.ws(g, root);
			}
			catch (final IllegalArgumentException e) {
				throw new UsageException(e.getMessage());
			}
			try (DragSession session = new DragSession(g, ws0, p)) {
				session.setPoints(pairs);
				session.setMask(mask);
				if (mask != null && !session.hasMaskTerm()) out.println("mask allows everything or nothing to change: no mask term (as the official tools)");
				result = new DragRunner().maxSteps(maxSteps).every(every).listener(r -> out.println(line(r))).run(session);
			}
		}
		writeStack(result, outPath);
		if (gifPath != null) writeGif(result, gifPath);
		if (tracePath != null) result.trace.write(tracePath);
		if (wsOut != null) Npy.writeFloat32(wsOut, new long[] { 1, cfg.numWs(), cfg.wDim }, result.ws);
		out.println(String.format(Locale.ROOT, "%s after %d steps; wrote %s (%d frames)%s%s%s",
			result.converged ? "converged" : "stopped at the step limit", result.trace.steps().size(), outPath,
			result.frames.size(), gifPath != null ? ", " + gifPath : "", tracePath != null ? ", " + tracePath : "",
			wsOut != null ? ", " + wsOut : ""));
		return 0;
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
		for (int i = 0; i < r.frames.size(); i++) st.addSlice(r.labels.get(i), ImageFiles.toProcessor(r.frames.get(i)));
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

		float[] ws(final StyleGan2Generator g, final NDManager root) throws IOException {
			final GeneratorConfig c = g.config();
			try (NDManager m = root.newSubManager()) {
				if (ws != null) {
					final Npy.Array a = Npy.read(ws);
					if (a.values.length == c.wDim && a.rank() <= 2) { // one w: repeat it on every layer
						final float[] out = new float[c.numWs() * c.wDim];
						for (int k = 0; k < c.numWs(); k++) System.arraycopy(a.toFloats(), 0, out, k * c.wDim, c.wDim);
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
