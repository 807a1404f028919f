package sc.fiji.draggan.cli;
import sc.fiji.draggan.app.LoadedModel;
import sc.fiji.draggan.app.ModelRegistry;
import sc.fiji.draggan.progress.Monitor;


import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import sc.fiji.draggan.ij.TrainingData;
import sc.fiji.draggan.eval.ModelSamples;
import sc.fiji.draggan.eval.QualityReport;
import sc.fiji.draggan.train.ImageDataset;

/**
 * {@code draggan eval --model MODEL --data DIR [--n N] [--seed S]}: multi-scale sliced Wasserstein
 * distance of generated vs real images next to the real-vs-real floor, and nearest-neighbour
 * distances ({@link QualityReport}).
 */
public final class EvalCommand implements Subcommand {

	@Override
	public String name() {
		return "eval";
	}

	@Override
	public String usage() {
		return "eval [--model MODEL] --data DIR|STACK.tif [--n N] [--seed S] [--device auto|cpu|gpu]   SWD vs real (and the real-vs-real floor), NN distance";
	}

	@Override
	public int run(final Options o, final PrintStream out) throws Exception {
		final Path modelPath = o.modelOrDefault();
		final Path data = o.requirePath("data");
		final int n = o.getInt("n", 500);
		final long seed = o.getLong("seed", 0);
		final String device = o.get("device", "auto");
		o.finish();
		final List<float[]> generated, images;
		final int res, c;
		try (ModelRegistry registry = new ModelRegistry()) {
			final LoadedModel m = ModelRegistry.exclusively(() -> registry.model(modelPath, device, Monitor.NONE));
			res = m.config.imgResolution;
			c = m.config.imgChannels;
			if (c != 1) throw new UsageException("eval compares grey images; this model has " + c + " channels");
			final ImageDataset ds = TrainingData.load(data, res);
			final List<float[]> drawn = ModelRegistry.exclusively(() -> ModelSamples.draw(m.generator, Math.min(n, ds.size() / 2), seed));
			generated = ds.eightBit() ? ModelSamples.asEightBit(drawn) : drawn;
			images = ds.images();
		}
		out.println(QualityReport.compute(generated, images, c, res, seed));
		return 0;
	}
}
