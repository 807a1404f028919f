package sc.fiji.draggan.ij;

import sc.fiji.draggan.app.LoadedModel;
import sc.fiji.draggan.app.ModelRegistry;

import java.nio.file.Path;
import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ij.ImagePlus;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.NumpyRandom;
import sc.fiji.draggan.model.Synthesis;
import sc.fiji.draggan.model.SynthesisOptions;

/**
 * {@code Drag GAN Generate...}: a new image from a model, a seed and ψ, with its latent attached.
 * z is numpy's {@code RandomState(seed).randn(1, z_dim)} (docs/algorithm.md#seeds-to-z), so a seed gives the picture
 * the official tools give; noise is the generator's constant noise, as DragGAN uses.
 */
public final class GenerateOperation {

	private GenerateOperation() {}

	public static ImagePlus run(final Path model, final long seed, final double psi, final String device, final ModelRegistry registry, final RunMonitor monitor) throws Exception {
		if (Double.isNaN(psi) || Double.isInfinite(psi)) throw new IllegalArgumentException("psi must be a number, got " + psi);
		if (seed < 0 || seed > 0xffffffffL) throw new IllegalArgumentException("seed must be from 0 to 4294967295 (numpy's range), got " + seed);
		return ModelRegistry.exclusively(() -> {
			final LoadedModel m = registry.model(model, device, monitor);
			final GeneratorConfig c = m.config;
			if (c.cDim > 0) throw new IllegalArgumentException(m.path.getFileName() + " is a conditional model (c_dim " + c.cDim +
				"); class labels are not supported yet");
			monitor.status("generating seed " + seed + " with " + m.describe());
			final float[] ws;
			final GeneratorImage img;
			try (NDManager call = m.generator.manager().newSubManager()) {
				final double[] z = NumpyRandom.z(seed, c.zDim);
				final float[] zf = new float[z.length];
				for (int i = 0; i < z.length; i++) zf[i] = (float) z[i];
				final NDArray w = m.generator.mapping(call.create(zf, new Shape(1, c.zDim)), null, psi, -1);
				ws = w.toFloatArray();
				final Synthesis s = m.generator.synthesis(w, SynthesisOptions.imageOnly());
				final Shape sh = s.image().getShape();
				img = new GeneratorImage((int) sh.get(1), (int) sh.get(2), (int) sh.get(3), s.image().toFloatArray());
			}
			final ImagePlus imp = new ImagePlus(title(m.path, seed), ImageConversion.toProcessor(img));
			new Latent(c.numWs(), c.wDim, ws, m.sha256).attachTo(imp);
			imp.setProperty("Info", ResultInfo.generated(m, seed, psi));
			monitor.status("generated seed " + seed);
			return imp;
		});
	}

	/** {@code <model file name without extension> seed <N>} */
	static String title(final Path model, final long seed) {
		String name = model.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		if (dot > 0) name = name.substring(0, dot);
		return String.format(Locale.ROOT, "%s seed %d", name, seed);
	}
}
