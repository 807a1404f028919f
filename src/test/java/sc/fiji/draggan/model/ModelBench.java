package sc.fiji.draggan.model;

import java.util.Arrays;
import java.util.Locale;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.engine.ResidentMemory;

/**
 * Times the generator with random weights: {@code ModelBench [preset ...] [--runs N] [--grad]}.
 * Reports the median of N forwards after one warm-up (const noise, full image), with --grad the
 * DragGAN step (full forward recording gradients up to b128 + backward to ws), wall and process CPU
 * time, and resident memory. {@code -Dai.djl.pytorch.num_threads=1} gives stable CPU figures on a
 * loaded machine.
 */
public final class ModelBench {

	public static void main(final String[] args) {
		int runs = 5, batch = 1;
		boolean grad = false;
		final java.util.List<String> presets = new java.util.ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			if ("--runs".equals(args[i])) runs = Integer.parseInt(args[++i]);
			else if ("--grad".equals(args[i])) grad = true;
			else if ("--batch".equals(args[i])) batch = Integer.parseInt(args[++i]);
			else presets.add(args[i]);
		}
		if (presets.isEmpty()) presets.addAll(Arrays.asList("small64", "paper256", "ffhq512"));
		Djl.engine();
		for (final String p : presets) bench(p, runs, grad, batch);
	}

	static void bench(final String preset, final int runs, final boolean grad, final int batch) {
		final GeneratorConfig cfg = GeneratorPresets.get(preset);
		try (NDManager root = Djl.newManager(Device.cpu());
			StyleGan2Generator g = new StyleGan2Generator(cfg, RandomWeights.create(cfg, 1), root, Device.cpu()))
		{
			final double[] t = new double[runs], cpu = new double[runs];
			for (int i = -1; i < runs; i++) {
				try (NDManager m = root.newSubManager()) {
					final double c0 = cpuSeconds();
					final long t0 = System.nanoTime();
					final NDArray ws = g.mapping(m.randomNormal(new Shape(batch, cfg.zDim)), null, 0.7, -1);
					final NDArray img = g.synthesis(ws, new SynthesisOptions()).image();
					img.toFloatArray(); // wait for the result
					if (i >= 0) {
						t[i] = (System.nanoTime() - t0) / 1e9;
						cpu[i] = cpuSeconds() - c0;
					}
				}
			}
			Arrays.sort(t);
			Arrays.sort(cpu);
			System.out.println(String.format(Locale.ROOT, "%-9s %4d px  %.2f M params  batch " + batch + " forward median %.3f s (min %.3f, max %.3f, %d runs), " +
				"process CPU median %.3f s  RSS %s", preset, cfg.imgResolution, g.numParameters() / 1e6, t[runs / 2], t[0], t[runs - 1], runs,
				cpu[runs / 2], ResidentMemory.mb(ResidentMemory.current())));
			if (grad) trunk(g, root, runs);
		}
	}

	/** user + system CPU time of this process (all threads, native included), from /proc/self/stat. */
	static double cpuSeconds() {
		try {
			final String stat = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/self/stat")), "US-ASCII");
			final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks
		}
		catch (final Exception e) {
			return Double.NaN;
		}
	}

	/**
	 * DragGAN step cost: the full forward (image for display) with gradients recorded up to b128
	 * (block 5, DragGAN's feature), then backward of a feature loss to ws.
	 */
	static void trunk(final StyleGan2Generator g, final NDManager root, final int runs) {
		final GeneratorConfig cfg = g.config();
		final int featBlock = Math.min(5, g.numBlocks() - 1);
		final double[] t = new double[runs], cpu = new double[runs];
		for (int i = -1; i < runs; i++) {
			try (NDManager m = root.newSubManager()) {
				final NDArray ws = g.mapping(m.randomNormal(new Shape(1, cfg.zDim)), null, 0.7, -1);
				ws.setRequiresGradient(true);
				final double c0 = cpuSeconds();
				final long t0 = System.nanoTime();
				try (GradientCollector gc = Djl.engine().newGradientCollector()) {
					final Synthesis s = g.synthesis(ws, new SynthesisOptions().gradientUpToBlock(featBlock));
					final NDArray loss = s.features().get(featBlock).abs().mean();
					gc.backward(loss);
					s.image().toFloatArray();
				}
				ws.getGradient().toFloatArray();
				if (i >= 0) {
					t[i] = (System.nanoTime() - t0) / 1e9;
					cpu[i] = cpuSeconds() - c0;
				}
			}
		}
		Arrays.sort(t);
		Arrays.sort(cpu);
		System.out.println(String.format(Locale.ROOT, "          drag step (full forward, backward from b%d) median %.3f s (min %.3f), " +
			"process CPU median %.3f s  RSS %s", 4 << featBlock, t[runs / 2], t[0], cpu[runs / 2], ResidentMemory.mb(ResidentMemory.current())));
	}
}
