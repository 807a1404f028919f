package sc.fiji.draggan.cli;
import sc.fiji.draggan.app.StartLatent;
import sc.fiji.draggan.edit.EditRegion;


import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import sc.fiji.draggan.edit.DragParameters;
import sc.fiji.draggan.edit.DragResult;
import sc.fiji.draggan.edit.DragRunner;
import sc.fiji.draggan.edit.DragSession;
import sc.fiji.draggan.edit.PointPair;
import sc.fiji.draggan.edit.StepStages;
import sc.fiji.draggan.engine.CpuThreads;
import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.engine.ResidentMemory;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.RandomWeights;
import sc.fiji.draggan.model.Generator;

/**
 * {@code draggan bench drag --arch ffhq512 [--mask] [--every K] [--steps N]}: drag steps on a
 * randomly initialised generator of a preset shape; prints the median time per step (separately
 * for steps that also render the image and steps that stop at the feature block) and the peak
 * resident memory (VmHWM).
 * <p>
 * {@code --mask} is a flag: parse this verb's options with {@link #FLAGS} (or pass {@code --mask=true}).
 */
public final class BenchDragCommand implements Subcommand {

	/** Options of this verb that take no value. */
	public static final Set<String> FLAGS = Collections.singleton("mask");

	@Override
	public String name() {
		return "bench-drag";
	}

	@Override
	public String usage() {
		return "bench drag --arch ffhq512|paper256|small64|sg3-t-512|sg3-r-512|… [--mask] [--every K] [--steps N] [--busy N] [--device auto|cpu|gpu]";
	}

	/** Entry for {@code draggan bench drag ARGS}: parses ARGS with this verb's flags. */
	public static int run(final String[] args, final PrintStream out) throws Exception {
		return new BenchDragCommand().run(Options.parse(args, FLAGS), out);
	}

	@Override
	public int run(final Options o, final PrintStream out) throws Exception {
		final String arch = o.get("arch", "ffhq512");
		final boolean withMask = o.flag("mask");
		final int every = o.getInt("every", 1);
		final int steps = o.getInt("steps", 10);
		final long seed = o.getLong("seed", 0);
		final String deviceChoice = o.get("device", "auto");
		final int busy = o.getInt("busy", 0);
		o.finish();
		if (busy < 0) throw new UsageException("--busy must be 0 or more (busy processes beside the benchmark), got " + busy);
		try (BusyLoad load = busy > 0 ? new BusyLoad(busy, BusyLoad.SETTLE_MILLIS) : null) {
			return run(arch, withMask, every, steps, seed, deviceChoice, busy, out);
		}
	}

	private int run(final String arch, final boolean withMask, final int every, final int steps, final long seed, final String deviceChoice,
		final int busy, final PrintStream out) throws Exception
	{
		if (every < 0) throw new UsageException("--every must be 0 (final image only) or more, got " + every);
		if (steps < 1) throw new UsageException("--steps must be at least 1, got " + steps);
		final GeneratorConfig cfg;
		try {
			cfg = GeneratorConfig.preset(arch);
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		final int res = cfg.imgResolution;
		final Device device = Djl.device(deviceChoice);
		final long t0 = System.nanoTime();
		final List<double[]> done = new ArrayList<>(); // {step, millis, 1 with image}: the frames are the runner's to keep
		final DragParameters p = new DragParameters();
		final DragResult result;
		final StepStages stages = new StepStages(1); // the first step warms up
		final long[] rss = { -1, -1, -1 }; // after loading, after step 1, after the last step
		String resolved;
		try (NDManager root = Djl.newManager(device);
			Generator g = Generator.create(cfg, RandomWeights.create(cfg, seed), root, device))
		{
			final float[] ws0 = StartLatent.seed(seed, 0.7, 0).ws(g, root);
			final double setupS = (System.nanoTime() - t0) / 1e9;
			rss[0] = ResidentMemory.current();
			try (DragSession s = new DragSession(g, ws0, p)) {
				s.timeStages(stages);
				resolved = s.parameters().toString();
				// one handle left of the centre, dragged right by an eighth of the image (never converges in time)
				// in the picture's pixels: a non-square (StyleGAN-Human) picture is half as wide as high
				final int width = cfg.imgWidth(), y = res / 2, x = (int) Math.round(width * 0.45);
				s.setPoints(Collections.singletonList(new PointPair(x, y, x + width / 8.0, y)));
				if (withMask) s.setMask(EditRegion.disc(width, res, x + width / 16.0, y, width / 4.0));
				out.println(String.format(Locale.ROOT, "bench drag: %s (%d px, %d ws), %s, mask %s, every %d, %d steps, " +
					"device %s, %d busy processes; setup %.1f s", arch, res, cfg.numWs(), resolved, withMask ? "yes" : "no", every, steps, device,
					busy, setupS));
				result = new DragRunner().maxSteps(steps).every(every).listener(r -> {
					done.add(new double[] { r.step, r.millis, r.image != null ? 1 : 0 });
					if (r.step == 1) rss[1] = ResidentMemory.current();
					rss[2] = ResidentMemory.current();
					out.println(DragCommand.line(r));
				}).run(s);
			}
		}
		final List<Double> all = new ArrayList<>(), img = new ArrayList<>(), feat = new ArrayList<>();
		for (final double[] r : done) {
			if (r[0] == 0) continue; // first step: warm-up (native kernels, allocator)
			all.add(r[1]);
			(r[2] != 0 ? img : feat).add(r[1]);
		}
		out.println(String.format(Locale.ROOT,
			"median step %s (with image %s, features only %s), first step %.0f ms; peak resident memory %s; %d frames; cpu threads %s",
			ms(all), ms(img), ms(feat), done.get(0)[1], ResidentMemory.mb(ResidentMemory.peak()), result.frames.size(),
			CpuThreads.current()));
		out.println("stages (median per step that runs them): " + stages.summary());
		out.println(String.format(Locale.ROOT, "resident memory after loading %s, after step 1 %s, after the last step %s, peak %s",
			ResidentMemory.mb(rss[0]), ResidentMemory.mb(rss[1]), ResidentMemory.mb(rss[2]), ResidentMemory.mb(ResidentMemory.peak())));
		return 0;
	}

	private static String ms(final List<Double> v) {
		if (v.isEmpty()) return "n/a";
		final List<Double> s = new ArrayList<>(v);
		Collections.sort(s);
		final int n = s.size();
		final double m = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
		return String.format(Locale.ROOT, "%.0f ms", m);
	}
}
