package sc.fiji.draggan.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;

import sc.fiji.draggan.engine.Djl;
import sc.fiji.draggan.ij.TrainingData;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.train.ImageDataset;
import sc.fiji.draggan.train.ResumeSettings;
import sc.fiji.draggan.train.TrainOptions;
import sc.fiji.draggan.train.TrainStats;
import sc.fiji.draggan.train.Trainer;
import sc.fiji.draggan.train.TrainingRun;

/**
 * {@code draggan train --data DIR|STACK.tif --res R --out MODEL.safetensors [--kimg N] [--batch B]
 * [--resume CKPT | --init MODEL] [--snapshot-every KIMG] [--seed S] [--device …]}: trains a small StyleGAN2
 * ({@link TrainingRun}); each snapshot rewrites MODEL (G_ema + D), MODEL.ckpt.safetensors (to
 * resume) and MODEL-grid-KIMG.png.
 */
public final class TrainCommand implements Subcommand {

	@Override
	public String name() {
		return "train";
	}

	@Override
	public String usage() {
		return "train --data DIR|STACK.tif --res R --out MODEL.safetensors [--kimg N] [--batch B] [--resume CKPT] [--init MODEL.safetensors] " +
			"[--snapshot-every KIMG] [--seed S] [--device auto|cpu|gpu] [--channel-base N] [--channel-max N] [--z-dim N] [--gamma G] [--lr LR] [--lr-d LR] [--augment none|ada|P] [--ada-target 0.6] [--ada-kimg 100]";
	}

	@Override
	public int run(final Options o, final PrintStream out) throws Exception {
		final TrainOptions t = new TrainOptions();
		final Path data = o.requirePath("data");
		t.resolution = o.getInt("res", 64);
		final Path model = o.requirePath("out");
		t.kimg = o.getDouble("kimg", t.kimg);
		t.batch = o.getInt("batch", t.batch);
		final Path resume = o.path("resume");
		final Path init = o.path("init");
		if (init != null) t.initModel = init.toString();
		t.snapshotKimg = o.getDouble("snapshot-every", t.snapshotKimg);
		t.seed = o.getLong("seed", t.seed);
		t.channelBase = o.getInt("channel-base", t.channelBase);
		t.channelMax = o.getInt("channel-max", t.channelMax);
		t.zDim = t.wDim = o.getInt("z-dim", t.zDim);
		t.gamma = o.getDouble("gamma", t.gamma);
		t.lrG = o.getDouble("lr", t.lrG);
		t.lrD = o.getDouble("lr-d", t.lrG);
		try {
			t.augmentation(o.get("augment", t.augment));
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--augment: " + e.getMessage());
		}
		t.adaTarget = o.getDouble("ada-target", t.adaTarget);
		t.adaKimg = o.getDouble("ada-kimg", t.adaKimg);
		final String device = o.get("device", "auto");
		o.finish();
		if (init != null && resume != null) throw new UsageException("--init starts a new run from a model, --resume continues a run: give one");
		if (!model.getFileName().toString().endsWith(".safetensors")) throw new UsageException("--out must name a .safetensors file");
		OutputFiles.check(OutputFiles.named("out", model), OutputFiles.named("data", data)); // --resume may be --out: it is read before any write
		try {
			t.validate();
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		// a resumed run keeps the checkpoint's options, except the length, R1 weight and (when given) learning rates
		final TrainOptions run = resume != null ? Trainer.resumeOptions(resume, ResumeSettings.kimg(t.kimg).gamma(t.gamma)
			.learningRates(o.has("lr") ? t.lrG : -1, o.has("lr") || o.has("lr-d") ? t.lrD : -1)) : t;
		final ImageDataset ds = TrainingData.load(data, run.resolution);
		run.channels = ds.channels();
		out.println(String.format(Locale.ROOT, "training on %d images of %dx%d px (%s), %s kimg, batch %d, R1 gamma %.3g, lr G %s D %s%s", ds.size(),
			run.resolution, run.resolution, data, plain(run.kimg), run.batch, run.gammaValue(), plain(run.lrG), plain(run.lrD), resume != null ? ", resuming " + resume + " (its options, except --kimg, --gamma, --lr, --lr-d)" : ""));
		final long t0 = System.nanoTime();
		final Interruption interruption = Interruption.current();
		interruption.arm(); // Ctrl-C: stop after the current step, write a last snapshot
		final TrainStats s = TrainingRun.run(run, ds, model, resume, Djl.device(device), 30, new TrainingRun.Listener() {

			@Override
			public boolean isCancelled() {
				return interruption.requested();
			}

			@Override
			public void progress(final TrainStats stats) {
				out.println(stats);
				out.flush();
			}

			@Override
			public void snapshot(final GeneratorImage grid, final Path m, final TrainStats stats) throws IOException {
				final Path png = gridPath(m, stats.kimg);
				ImageFiles.write(grid, png);
				out.println(String.format(Locale.ROOT, "snapshot at %.2f kimg: %s, %s, %s", stats.kimg, m, TrainingRun.checkpointOf(m), png));
				out.flush();
			}
		});
		out.println(String.format(Locale.ROOT, (interruption.requested() ? "interrupted" : "done") + ": %.2f kimg in %.1f min (this session), model %s", s == null ? 0 : s.kimg,
			(System.nanoTime() - t0) / 6e10, model));
		return 0;
	}

	static Path gridPath(final Path model, final double kimg) {
		final String stem = model.getFileName().toString().replaceAll("\\.safetensors$", "");
		return model.resolveSibling(String.format(Locale.ROOT, "%s-grid-%06.1fkimg.png", stem, kimg));
	}

	/** 0.0025 rather than 0.00250 or 2.5E-3. */
	private static String plain(final double v) {
		return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
	}
}
