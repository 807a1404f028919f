package sc.fiji.draggan.cli;

import static sc.fiji.draggan.app.DragOptions.*;

import sc.fiji.draggan.app.DragOptions;
import sc.fiji.draggan.app.Parameter;
import sc.fiji.draggan.app.DragRequest;

import sc.fiji.draggan.app.DragUseCase;
import sc.fiji.draggan.app.ModelRegistry;
import sc.fiji.draggan.progress.Monitor;

import sc.fiji.draggan.app.DragOutcome;
import sc.fiji.draggan.app.StartLatent;
import sc.fiji.draggan.edit.EditRegion;


import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import sc.fiji.draggan.ij.FrameStack;
import sc.fiji.draggan.ij.ImageConversion;
import sc.fiji.draggan.ij.InputImages;
import sc.fiji.draggan.ij.Latent;
import sc.fiji.draggan.ij.ResultInfo;
import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.edit.DragResult;
import sc.fiji.draggan.edit.LatentSpace;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.edit.StepResult;
import sc.fiji.draggan.invert.InversionParameters;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;

/**
 * {@code draggan drag}: drags handle points to targets on a generated image (DragGAN, docs/algorithm.md#one-drag-step) and
 * writes the trajectory as a labelled TIFF stack (optionally a GIF), the trace as JSON and the final
 * latent as .npy. With {@code --image IMG} it first inverts a real image (W/W+ projection and pivotal
 * tuning, as {@code draggan invert}) and drags with the tuned generator copy; points and mask are
 * then in the image's pixels and follow the fit to the model's picture. Ends with one JSON line:
 * final_distance_px (tracked handle to target), content_distance_px (where the handle's patch of the
 * start image is found in the final image, to the target; the worst point of each), content_moved_px,
 * content_lags (docs/algorithm.md#content-lag; a lagging drag also prints a warning on stderr), the
 * inversion's PSNR when there was one.
 */
public final class DragCommand implements Subcommand {

	@Override
	public String name() {
		return "drag";
	}

	@Override
	public String usage() {
		return "drag [--model MODEL] (--seed N | --z Z.npy | --ws WS.npy | --image IMG " + INVERT_STEPS.usage() + " [--pti-steps " + DragOptions.RealPicture.PTI_STEPS + "] [--seed S] " +
			"[--fit crop|pad]) [--psi 0.7] [--class K] --points \"x,y>tx,ty;...\" [--mask MASK] " + usage(LR, LAMBDA_MASK, R1, R2, FEATURE_BLOCK, SPACE, STOP,
				N_STEPS, EVERY, DEVICE) + " --out STACK.tif [--gif OUT.gif] [--trace TRACE.json] [--ws-out WS.npy]";
	}

	/** {@code [--lr 0.001] [--lambda 20] …} from the definitions. */
	static String usage(final Parameter<?>... ps) {
		final StringBuilder s = new StringBuilder();
		for (final Parameter<?> p : ps) s.append(s.length() > 0 ? " " : "").append(p.usage());
		return s.toString();
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
		final String space = o.get(SPACE.cliOption, SPACE.defaultValue);
		final DragParameters p;
		try {
			LatentSpace.parse(space);
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--space: " + e.getMessage());
		}
		try {
			p = DragOptions.parameters(o.get(LR), o.get(LAMBDA_MASK), o.get(R1), o.get(R2), o.get(FEATURE_BLOCK), space, o.get(STOP));
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		final int maxSteps = o.get(N_STEPS), every = o.get(EVERY);
		final String deviceChoice = o.get(DEVICE);
		final Path outPath = o.requirePath("out");
		final Path gifPath = o.path("gif");
		final Path tracePath = o.path("trace");
		final Path wsOut = o.path("ws-out");
		o.finish();
		checkSuffix(outPath, "--out", ".tif", ".tiff");
		if (gifPath != null) checkSuffix(gifPath, "--gif", ".gif");
		OutputFiles.check(OutputFiles.named("out", outPath, "gif", gifPath, "trace", tracePath, "ws-out", wsOut),
			OutputFiles.named("model", modelPath, "image", imageFile, "mask", maskPath, "ws", o.path("ws"), "z", o.path("z")));

		final DragRequest q = new DragRequest();
		q.model = modelPath;
		q.device = deviceChoice;
		q.points = pairs;
		q.parameters = p;
		q.maxSteps = maxSteps;
		q.every = every;
		if (imageFile != null) {
			// a real picture: points and mask are in its pixels; the use case maps them onto the model's picture as the inversion fits it
			final ImagePlus source = ImageFiles.open(imageFile);
			q.image = InputImages.fromImagePlus(source);
			q.source = imageFile.getFileName().toString();
			q.inversion = inversion;
			q.region = maskPath == null ? null : mask(maskPath, source.getWidth(), source.getHeight(), "input");
		}
		else q.latent = latent.start();
		final DragOutcome r;
		final Interruption interruption = Interruption.current();
		try (ModelRegistry registry = new ModelRegistry()) {
			if (imageFile == null && maskPath != null) {
				final GeneratorConfig c = ModelRegistry.exclusively(() -> registry.model(modelPath, deviceChoice, Monitor.NONE).config);
				q.region = mask(maskPath, c.imgWidth(), c.imgHeight(), "generator");
			}
			interruption.arm(); // Ctrl-C from here: stop after the current step, write the frames done so far
			r = new DragUseCase(registry).run(q, new Monitor() {

				@Override
				public boolean isCancelled() {
					return interruption.requested();
				}

				@Override
				public void status(final String message) {
					out.println(message);
				}

				@Override
				public void progress(final int done, final int total, final String message) {
					if (message.startsWith("inverting") && (done == total || done % 100 == 0)) out.println(message);
				}
			}, new DragUseCase.Listener() {

				@Override
				public void step(final StepResult s, final List<PointPair> now) {
					out.println(line(s));
				}
			});
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		out.println("start: " + r.start);
		if (r.drag == null) {
			out.println("interrupted while inverting: nothing written");
			return 130;
		}
		final DragResult result = r.drag;
		if (r.geometry != null) out.println("points in model pixels " + format(r.modelPoints));
		writeStack(r, outPath, imageFile != null ? imageFile.toString() : "a generated picture", maskPath != null ? maskPath.toString() : "none",
			"draggan drag " + o.describe());
		if (gifPath != null) writeGif(result, gifPath);
		if (tracePath != null) r.writeTrace(tracePath);
		if (wsOut != null) Npy.writeFloat32(wsOut, new long[] { 1, r.config.numWs(), r.config.wDim }, result.ws);
		out.println(String.format(Locale.ROOT, "%s after %d steps; wrote %s (%d frames)%s%s%s",
			result.converged ? "converged" : result.cancelled ? "interrupted" : "stopped at the step limit", result.trace.steps().size(), outPath,
			result.frames.size(), gifPath != null ? ", " + gifPath : "", tracePath != null ? ", " + tracePath : "",
			wsOut != null ? ", " + wsOut : ""));
		report(r, out, System.err);
		return 0;
	}

	/** The closing JSON line on {@code out}, and the content-lag warning (docs/algorithm.md#content-lag) on {@code err}. */
	static void report(final DragOutcome r, final PrintStream out, final PrintStream err) {
		out.println(summary(r));
		warn(r, err);
	}

	/** {@code draggan: warning: the tracker reached the target, but the content moved …} when the content lags. */
	static void warn(final DragOutcome r, final PrintStream err) {
		if (r.contentLags()) err.println("draggan: warning: " + r.contentWarning());
	}

	private static EditRegion mask(final Path file, final int width, final int height, final String what) throws IOException {
		try {
			return EditRegion.nonzero(width, height, MaskFile.read(file, width, height, what));
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--mask: " + e.getMessage());
		}
	}

	/** The inversion options of {@code --image} (those of {@code draggan invert}); {@code --seed} is the inversion's seed here. */
	static InversionParameters inversionOptions(final Options o) {
		for (final String k : new String[] { "z", "ws", "psi", "class" }) {
			if (o.has(k)) throw new UsageException("--" + k + " does not go with --image: the image is inverted to find the start latent");
		}
		final InversionParameters ip = InvertCommand.options(o, DragOptions.RealPicture.PTI_STEPS);
		try {
			return ip.validate();
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	private static String format(final List<PointPair> pairs) {
		final StringBuilder s = new StringBuilder();
		for (final PointPair p : pairs) {
			if (s.length() > 0) s.append(';');
			s.append(String.format(Locale.ROOT, "%.1f,%.1f>%.1f,%.1f", p.handleX, p.handleY, p.targetX, p.targetY));
		}
		return s.toString();
	}

	/**
	 * The closing JSON line: the worst pair's tracked distance (handle to target) and content
	 * distance (where the handle's start content is found in the final picture, to the target), how
	 * far the reported pair's content moved, and whether the content lags behind a tracker that
	 * reached the target (docs/algorithm.md#content-lag).
	 */
	static String summary(final DragOutcome r) {
		final StringBuilder j = new StringBuilder(String.format(Locale.ROOT, "{\"final_distance_px\": %.2f, \"content_distance_px\": %.2f, \"steps\": %d, " +
			"\"converged\": %s", r.trackedDistance, r.contentDistance, r.steps(), r.converged()));
		if (r.content != null) j.append(String.format(Locale.ROOT, ", \"content_moved_px\": %.2f, \"content_lags\": %s", r.content.moved, r.content
			.lags()));
		if (r.inversion != null) j.append(String.format(Locale.ROOT, ", \"inversion_psnr_db\": %.2f, \"inversion_ssim\": %.4f, \"inversion_seconds\": %.1f, " +
			"\"tuned\": %s", r.inversion.psnr, r.inversion.ssim, r.inversion.seconds, r.inversion.tuned));
		return j.append('}').toString();
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

	/**
	 * Writes the frames as a TIFF stack whose Info says what made it, with the provenance words
	 * ({@link ResultInfo#EDITED}) as the Fiji commands write them, and the final latent attached
	 * (so Fiji can drag the result again).
	 */
	static void writeStack(final DragOutcome o, final Path file, final String source, final String mask, final String parameters) throws IOException {
		// a virtual stack: the TIFF writer converts one frame at a time (long drags stay flat in memory)
		final List<String> labels = new ArrayList<>();
		for (final int step : o.drag.frameSteps) labels.add("step " + step);
		final ImagePlus imp = new ImagePlus("drag", new FrameStack(o.drag.frames, labels));
		imp.setProperty("Info", ResultInfo.edited(source, o, mask, parameters));
		new Latent(o.config.numWs(), o.config.wDim, o.drag.ws, o.modelSha256).attachTo(imp);
		ImageFiles.save(imp, file);
	}

	static void writeGif(final DragResult r, final Path file) throws IOException {
		final ImagePlus imp = stack(r, "drag");
		imp.getCalibration().fps = 10;
		ImageFiles.save(imp, file);
	}

	static ImagePlus stack(final DragResult r, final String title) {
		final GeneratorImage first = r.frames.get(0);
		final ImageStack st = new ImageStack(first.width, first.height);
		for (int i = 0; i < r.frames.size(); i++) st.addSlice("step " + r.frameSteps.get(i), ImageConversion.toProcessor(r.frames.get(i)));
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

		StartLatent start() throws IOException {
			if (ws != null) return StartLatent.wsFile(Npy.read(ws));
			if (seed != null) return StartLatent.seed(seed, psi, classIndex);
			return StartLatent.zFile(Npy.read(z), psi, classIndex);
		}
	}
}
