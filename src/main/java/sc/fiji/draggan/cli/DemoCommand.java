package sc.fiji.draggan.cli;
import sc.fiji.draggan.app.DragRequest;

import sc.fiji.draggan.app.DragOutcome;
import sc.fiji.draggan.app.DragUseCase;
import sc.fiji.draggan.app.ModelRegistry;
import sc.fiji.draggan.edit.EditRegion;


import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Locale;

import ij.ImagePlus;
import sc.fiji.draggan.ij.InputImages;
import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.edit.DragResult;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.engine.CpuThreads;
import sc.fiji.draggan.invert.ImageMetrics;
import sc.fiji.draggan.model.GeneratorImage;

/**
 * {@code draggan demo}: the whole job in one command. Loads the default model, opens a synthetic
 * single-cell image ({@code test-images/cell-demo.png}, image 6 of {@code draggan synth cells --seed 7
 * --nuclei 1-4 --layout shifted}: not made by the generator, and not in its training set, which is
 * seed 1), inverts it (W/W+ projection + pivotal tuning), drags the whole nucleus (handle on its centroid) 7.8 px
 * towards the picture's centre inside a round edit region, writes {@code out/demo.tif} and
 * {@code out/demo.gif}, and prints one JSON line: final_distance_px (tracked handle to target),
 * content_distance_px (where the handle's original patch is found afterwards, to the target),
 * content_moved_px, content_lags (docs/algorithm.md#content-lag; a warning on stderr when true),
 * psnr_outside_mask_db (start vs final image outside the region), inversion_psnr_db, seconds.
 */
public final class DemoCommand implements Subcommand {

	/** The demo edit on test-images/cell-demo.png (64 px): handle on the nucleus' centroid, the whole nucleus 7.8 px towards the centre. */
	public static final int HANDLE_X = 42, HANDLE_Y = 38, TARGET_X = 36, TARGET_Y = 33, REGION_RADIUS = 15;

	@Override
	public String name() {
		return "demo";
	}

	@Override
	public String usage() {
		return "demo [--model MODEL] [--image test-images/cell-demo.png] [--out-dir out] [--points \"x,y>tx,ty\"] [--region-radius 15] [--lr 0.01] [--stop content|tracker] [--max-steps 200] [--device auto|cpu|gpu] [--threads 1]   invert a cell image, drag the edge of its nucleus, report";
	}

	@Override
	public int run(final Options o, final PrintStream out) throws Exception {
		final long t0 = System.nanoTime();
		final Integer requestedBefore = CpuThreads.requested();
		final int threads = requestedBefore != null ? requestedBefore : 1;
		final Path modelOpt = o.get("model", "").trim().isEmpty() ? null : o.path("model"); // none or empty: the bundled model
		final Path imageFile = o.path("image") != null ? o.path("image") : defaultImage();
		final Path outDir = o.path("out-dir") != null ? o.path("out-dir") : Paths.get("out");
		final String deviceName = o.get("device", "auto");
		final int inversionSteps = o.getInt("inversion-steps", 300), ptiSteps = o.getInt("pti-steps", 100), maxSteps = o.getInt("max-steps", 200);
		final DragParameters dp = new DragParameters();
		dp.learningRate = o.getDouble("lr", 0.01); // our small 64 px model moves slowly at the official 0.001
		dp.stopDistance = 2.0; // the demo's documented stop (the official max(2, 2·H/512) at 64 px), not the real-picture profile's 1 px
		if (o.has("r1")) dp.r1 = o.getInt("r1", 3);
		if (o.has("r2")) dp.r2 = o.getInt("r2", 6);
		dp.followContent = "content".equals(sc.fiji.draggan.app.DragOptions.STOP.check(o.get("stop", sc.fiji.draggan.app.DragOptions.STOP.defaultValue)));
		final PointPair pair = o.has("points") ? PointPair.parseList(o.require("points")).get(0)
			: new PointPair(HANDLE_X, HANDLE_Y, TARGET_X, TARGET_Y);
		final int regionRadius = o.getInt("region-radius", REGION_RADIUS);
		o.finish();
		final int hx = (int) Math.round(pair.handleX), hy = (int) Math.round(pair.handleY);
		final double tx = pair.targetX, ty = pair.targetY, rx = (hx + tx) / 2, ry = (hy + ty) / 2;
		final ConsoleProgress progress = new ConsoleProgress("demo", System.err);
		progress.line("opening " + imageFile);
		final ImagePlus imp = ImageFiles.open(imageFile);
		final DragRequest q = new DragRequest();
		q.model = modelOpt;
		q.device = deviceName;
		q.image = InputImages.fromImagePlus(imp);
		q.inversion.steps = inversionSteps;
		q.inversion.ptiSteps = ptiSteps;
		q.points = Collections.singletonList(new PointPair(hx, hy, tx, ty));
		q.region = EditRegion.disc(imp.getWidth(), imp.getHeight(), rx, ry, regionRadius);
		q.parameters = dp;
		q.maxSteps = maxSteps;
		q.every = 2;
		final DragOutcome r;
		try (ModelRegistry registry = new ModelRegistry()) {
			progress.line("loading " + (modelOpt == null ? "the bundled cell model" : modelOpt.toString()));
			final int res = ModelRegistry.exclusively(() -> registry.model(modelOpt, deviceName, progress).config.imgResolution);
			if (res != 64 || imp.getWidth() != res || imp.getHeight() != res) throw new UsageException("the demo edit is laid out for a 64 px model and picture; got a " +
				res + " px model and a " + imp.getWidth() + "x" + imp.getHeight() + " picture");
			// a fixed CPU thread count fixes the order of floating-point sums, so the README's numbers repeat
			// on any core count and load (docs/engineering.md#threads-and-repeatable-numbers); --threads N overrides
			CpuThreads.request(threads);
			try {
				CpuThreads.adjust();
				r = new DragUseCase(registry).run(q, progress, new DragUseCase.Listener() {});
			}
			finally {
				CpuThreads.request(requestedBefore);
			}
		}
		final DragResult result = r.drag;
		final GeneratorImage start = r.startImage, end = result.finalImage();
		final float[] outside = new float[start.pixels()];
		final float[] editable = q.region.editable();
		for (int i = 0; i < outside.length; i++) outside[i] = 1 - editable[i];
		final double psnrOutside = ImageMetrics.psnr(start.data, end.data, 1, outside.length, outside);
		progress.line("writing " + outDir.resolve("demo.tif") + " and " + outDir.resolve("demo.gif"));
		DragCommand.writeStack(r, outDir.resolve("demo.tif"), imageFile.toString(), "disc of radius " + regionRadius + " px around the pair's middle",
			"draggan demo " + o.describe());
		DragCommand.writeGif(result, outDir.resolve("demo.gif"));
		out.println(String.format(Locale.ROOT,
			"{\"final_distance_px\": %.2f, \"content_distance_px\": %.2f, \"content_moved_px\": %.2f, \"content_lags\": %s, " +
				"\"psnr_outside_mask_db\": %.2f, \"inversion_psnr_db\": %.2f, \"seconds\": %.1f, \"steps\": %d, \"threads\": %d, \"model\": \"%s\", \"image\": \"%s\", " +
				"\"out\": [\"%s\", \"%s\"]}",
			r.trackedDistance, r.contentDistance, r.content.moved, r.contentLags(), psnrOutside, r.inversion.psnr, (System.nanoTime() - t0) / 1e9, result.trace
				.steps().size(), threads, r.modelName, imageFile, outDir.resolve("demo.tif"), outDir.resolve("demo.gif")));
		DragCommand.warn(r, System.err);
		return 0;
	}

	/**
	 * test-images/cell-demo.png of the working folder, else of the project folder the launcher names
	 * ({@code -Ddraggan.home}), so that {@code ./draggan demo} runs from any folder.
	 */
	public static Path defaultImage() {
		return defaultImage(Paths.get(""), System.getProperty("draggan.home"));
	}

	static Path defaultImage(final Path workingFolder, final String projectFolder) {
		final Path image = Paths.get("test-images", "cell-demo.png");
		if (projectFolder == null || Files.isRegularFile(workingFolder.resolve(image))) return image;
		return Paths.get(projectFolder).resolve(image);
	}
}
