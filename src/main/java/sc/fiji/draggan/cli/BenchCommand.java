package sc.fiji.draggan.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.engine.ResidentMemory;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.Latents;
import sc.fiji.draggan.model.RandomWeights;
import sc.fiji.draggan.model.Generator;
import sc.fiji.draggan.model.SynthesisOptions;

/**
 * {@code draggan bench generate|load}: speed and memory of the generator, measured the way the
 * targets are stated (median forward after warm-up; peak resident memory; resident memory over
 * many forwards must stay flat).
 */
final class BenchCommand implements Subcommand {

	@Override
	public String name() {
		return "bench";
	}

	@Override
	public String usage() {
		return "bench generate (--model MODEL | --arch ffhq512|paper256|small64|sg3-t-512|sg3-r-512|human-512x256|…) [--runs N] [--warmup N] [--busy N] [--device …]\n" +
			"           bench load MODEL [--runs N]        time and peak memory of loading a checkpoint\n" +
			"           bench drag --arch ffhq512|paper256|small64|sg3-t-512|sg3-r-512|human-512x256|… [--mask] [--every K] [--steps N] [--busy N]\n" +
			"           " + BenchInvertCommand.usage() + "   inversion PSNR and time on in-domain 8-bit images\n" +
			"           " + BenchFidelityCommand.usage() + "   does the content move to the target?";
	}

	@Override
	public int run(final Options o, final PrintStream out) throws Exception {
		final String what = o.positional(0, "what to benchmark (generate, load, drag, invert or fidelity)");
		switch (what) {
			case "generate":
				return generate(o, out);
			case "load":
				return load(o, out);
			case "drag":
				return new BenchDragCommand().run(o, out);
			case "invert":
				return new BenchInvertCommand().run(o, out);
			case "fidelity":
				return new BenchFidelityCommand().run(o, out);
			default:
				throw new UsageException("unknown benchmark '" + what + "' (generate, load, drag, invert or fidelity)");
		}
	}

	private int generate(final Options o, final PrintStream out) throws Exception {
		final Path model = o.path("model");
		final String arch = o.get("arch", null);
		if ((model == null) == (arch == null)) throw new UsageException("give --model MODEL or --arch NAME");
		final int runs = o.getInt("runs", 10), warmup = o.getInt("warmup", 2), busy = o.getInt("busy", 0);
		final String deviceChoice = o.get("device", "auto");
		o.finish();
		if (busy < 0) throw new UsageException("--busy must be 0 or more (busy processes beside the benchmark), got " + busy);
		try (BusyLoad load = busy > 0 ? new BusyLoad(busy, BusyLoad.SETTLE_MILLIS) : null) {
			return generate(model, arch, runs, warmup, busy, Djl.device(deviceChoice), out);
		}
	}

	private int generate(final Path model, final String arch, final int runs, final int warmup, final int busy, final Device device,
		final PrintStream out) throws Exception
	{
		sc.fiji.draggan.engine.CpuThreads.adjust();
		final long t0 = System.nanoTime();
		final GeneratorConfig cfg;
		final sc.fiji.draggan.tensor.StateDict weights;
		if (model != null) {
			final Checkpoint c = ModelLoader.load(model);
			cfg = c.generatorConfig();
			weights = c.generator();
		}
		else {
			cfg = GeneratorConfig.preset(arch);
			weights = RandomWeights.create(cfg, 0);
		}
		final double setupS = (System.nanoTime() - t0) / 1e9;
		try (NDManager root = Djl.newManager(device); Generator g = Generator.create(cfg, weights, root, device)) {
			final List<Double> ms = new ArrayList<>();
			long rssAfterWarmup = -1;
			for (int i = 0; i < warmup + runs; i++) {
				if (i == warmup) rssAfterWarmup = ResidentMemory.current();
				try (NDManager step = root.newSubManager()) {
					final long s = System.nanoTime();
					final NDArray ws = g.mapping(Latents.zFromSeed(step, cfg, i), Latents.oneHot(step, cfg, 0), 1.0, -1);
					final NDArray img = g.synthesis(ws, SynthesisOptions.imageOnly()).image();
					img.toFloatArray(); // forces the computation to finish
					if (i >= warmup) ms.add((System.nanoTime() - s) / 1e6);
				}
			}
			Collections.sort(ms);
			out.println(String.format(Locale.ROOT,
				"{\"bench\":\"generate\",\"model\":\"%s\",\"resolution\":%d,\"device\":\"%s\",\"busy\":%d,\"threads\":%d,\"runs\":%d,\"median_ms\":%.1f,\"min_ms\":%.1f," +
					"\"max_ms\":%.1f,\"setup_s\":%.2f,\"rss_after_warmup_mb\":%.0f,\"rss_end_mb\":%.0f,\"peak_rss_mb\":%.0f}",
				model != null ? model.toString().replace("\\", "/") : arch, cfg.imgResolution, device, busy,
				sc.fiji.draggan.engine.CpuThreads.current().threads, runs, median(ms), ms.get(0),
				ms.get(ms.size() - 1), setupS, rssAfterWarmup / 1048576.0, ResidentMemory.current() / 1048576.0,
				ResidentMemory.peak() / 1048576.0));
		}
		return 0;
	}

	private int load(final Options o, final PrintStream out) throws Exception {
		final Path model = java.nio.file.Paths.get(o.positional(1, "MODEL"));
		final int runs = o.getInt("runs", 3);
		o.finish();
		final List<Double> s = new ArrayList<>();
		long params = 0;
		for (int i = 0; i < runs; i++) {
			final long t = System.nanoTime();
			params = ModelLoader.load(model).generator().numParameters();
			s.add((System.nanoTime() - t) / 1e9);
		}
		Collections.sort(s);
		final long size = java.nio.file.Files.size(model);
		out.println(String.format(Locale.ROOT,
			"{\"bench\":\"load\",\"model\":\"%s\",\"file_mb\":%.1f,\"runs\":%d,\"median_s\":%.3f,\"min_s\":%.3f,\"peak_rss_mb\":%.0f,\"num_params\":%d}",
			model.toString().replace("\\", "/"), size / 1048576.0, runs, median(s), s.get(0), ResidentMemory.peak() / 1048576.0, params));
		return 0;
	}

	static double median(final List<Double> sorted) {
		final int n = sorted.size();
		return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}
}
