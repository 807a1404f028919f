package sc.fiji.draggan.cli;
import sc.fiji.draggan.app.ModelRegistry;
import sc.fiji.draggan.progress.Monitor;

import sc.fiji.draggan.app.LoadedModel;


import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ij.ImagePlus;
import sc.fiji.draggan.ij.ImageConversion;
import sc.fiji.draggan.ij.Latent;
import sc.fiji.draggan.ij.ResultInfo;
import sc.fiji.draggan.io.Npy;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.Latents;
import sc.fiji.draggan.model.NoiseMode;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.model.SynthesisOptions;

/**
 * {@code draggan generate}: one image from a seed, a z or a w+, as the official {@code gen_images}
 * makes it ({@code .npy} raw float32 [1,C,H,W]; {@code .png}/{@code .tif} 8-bit).
 */
final class GenerateCommand implements Subcommand {

	@Override
	public String name() {
		return "generate";
	}

	@Override
	public String usage() {
		return "generate [--model MODEL] (--seed N | --z Z.npy | --ws WS.npy) [--class K | --c C.npy] [--psi P] [--cutoff K]\n" +
			"           [--noise const|random|none] [--device auto|cpu|gpu] --out FILE [--ws-out WS.npy]";
	}

	@Override
	public int run(final Options o, final PrintStream out) throws Exception {
		final Path model = o.modelOrDefault();
		final boolean hasSeed = o.has("seed"), hasZ = o.has("z"), hasWs = o.has("ws");
		if ((hasSeed ? 1 : 0) + (hasZ ? 1 : 0) + (hasWs ? 1 : 0) != 1) throw new UsageException("give exactly one of --seed, --z, --ws");
		final long seed = o.getLong("seed", 0);
		final Path zFile = o.path("z"), wsFile = o.path("ws"), cFile = o.path("c");
		final int classIndex = o.getInt("class", -1);
		if (classIndex >= 0 && cFile != null) throw new UsageException("give --class or --c, not both");
		final double psi = o.getDouble("psi", 1.0);
		final int cutoff = o.getInt("cutoff", -1);
		final NoiseMode noise = NoiseMode.parse(o.get("noise", "const"));
		final String device = o.get("device", "auto");
		final Path outFile = o.requirePath("out");
		final Path wsOut = o.path("ws-out");
		o.finish();
		checkOutput(outFile);
		OutputFiles.check(OutputFiles.named("out", outFile, "ws-out", wsOut), OutputFiles.named("model", model, "z", zFile, "ws", wsFile, "c", cFile));

		try (ModelRegistry registry = new ModelRegistry()) {
			ModelRegistry.exclusively(() -> {
				generate(registry.model(model, device, Monitor.NONE), hasWs ? wsFile : null, hasZ ? zFile : null, seed, cFile, classIndex, psi, cutoff, noise,
					outFile, wsOut);
				return null;
			});
		}
		out.println("wrote " + outFile + (wsOut != null ? " and " + wsOut : ""));
		return 0;
	}

	private static void generate(final LoadedModel h, final Path wsFile, final Path zFile, final long seed, final Path cFile, final int classIndex,
		final double psi, final int cutoff, final NoiseMode noise, final Path outFile, final Path wsOut) throws java.io.IOException
	{
		try (NDManager m = h.manager().newSubManager()) {
			final Generator g = h.generator;
			final GeneratorConfig cfg = g.config();
			final NDArray ws;
			if (wsFile != null) ws = Latents.wsFromNpy(m, cfg, Npy.read(wsFile));
			else {
				final NDArray z = zFile != null ? Latents.zFromNpy(m, cfg, Npy.read(zFile)) : Latents.zFromSeed(m, cfg, seed);
				NDArray c = cFile != null ? Latents.cFromNpy(m, cfg, Npy.read(cFile)) : Latents.oneHot(m, cfg, Math.max(classIndex, 0));
				if (cfg.cDim > 0 && cFile == null && classIndex < 0) throw new UsageException("this model is conditional (c_dim = " +
					cfg.cDim + "): give --class K or --c C.npy");
				ws = g.mapping(z, c, psi, cutoff);
			}
			final SynthesisOptions so = SynthesisOptions.imageOnly();
			so.noise = noise;
			so.noiseSeed = seed;
			final GeneratorImage img = Latents.image(g.synthesis(ws, so).image());
			if (isNpy(outFile)) write(img, outFile);
			else { // as Drag GAN Generate... makes it: the latent attached and the Info saying what made it
				final ImagePlus imp = new ImagePlus(outFile.getFileName().toString(), ImageConversion.toProcessor(img));
				new Latent(cfg.numWs(), cfg.wDim, ws.toFloatArray(), h.sha256).attachTo(imp);
				imp.setProperty("Info", ResultInfo.generated(h, (wsFile != null ? "ws: " + wsFile : zFile != null ? "z: " + zFile : "seed: " + seed) +
					String.format(Locale.ROOT, "\npsi: %s\ncutoff: %d\nnoise: %s\n", psi, cutoff, noise.name().toLowerCase(Locale.ROOT))));
				ImageFiles.save(imp, outFile);
			}
			if (wsOut != null) Npy.writeFloat32(wsOut, new long[] { 1, cfg.numWs(), cfg.wDim }, ws.toFloatArray());
		}
	}

	static void checkOutput(final Path outFile) {
		final String n = outFile.getFileName().toString().toLowerCase(Locale.ROOT);
		if (!(n.endsWith(".npy") || n.endsWith(".png") || n.endsWith(".tif") || n.endsWith(".tiff")))
			throw new UsageException("--out must end in .npy, .png or .tif: " + outFile);
	}

	private static boolean isNpy(final Path file) {
		return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
	}

	static void write(final GeneratorImage img, final Path outFile) throws java.io.IOException {
		if (isNpy(outFile))
			Npy.writeFloat32(outFile, new long[] { 1, img.channels, img.height, img.width }, img.data);
		else ImageFiles.write(img, outFile);
	}
}
