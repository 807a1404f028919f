package sc.fiji.draggan.invert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.model.GeneratorImage;
import sc.fiji.draggan.model.NumpyRandom;
import sc.fiji.draggan.model.StyleGan2Generator;
import sc.fiji.draggan.model.SynthesisOptions;

/** Fixture generators and the in-domain 8-bit images they make from seeds. */
final class InvertFixtures {

	private InvertFixtures() {}

	/** The .pkl of a fixture model (tiny, small, gray); skips the test when fixtures are absent. */
	static Path pkl(final String name) throws IOException {
		final Path dir = Fixtures.dir("stylegan2/" + name);
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> p.toString().endsWith(".pkl")).findFirst().orElseThrow(() -> new IOException("no .pkl in " + dir));
		}
	}

	static StyleGan2Generator load(final String name, final NDManager root) throws IOException {
		final Checkpoint c = ModelLoader.load(pkl(name));
		return new StyleGan2Generator(c.generatorConfig(), c.generator(), root, root.getDevice());
	}

	/** The generator's image of a seed (ψ = 1, constant noise). */
	static GeneratorImage generate(final StyleGan2Generator g, final long seed) {
		final GeneratorConfig cfg = g.config();
		final double[] z = NumpyRandom.z(seed, cfg.zDim);
		final float[] zf = new float[z.length];
		for (int i = 0; i < z.length; i++) zf[i] = (float) z[i];
		try (NDManager m = g.manager().newSubManager()) {
			final NDArray ws = g.mapping(m.create(zf, new Shape(1, cfg.zDim)), null, 1.0, -1);
			final float[] img = g.synthesis(ws, new SynthesisOptions()).image().toFloatArray();
			return new GeneratorImage(cfg.imgChannels, cfg.imgResolution, cfg.imgResolution, img);
		}
	}

	/** The image saved as 8-bit the official way, as an ImageJ-like input (8-bit grey or RGB). */
	static InputImage asEightBit(final GeneratorImage img) {
		final byte[] u8 = img.toUint8();
		final int n = img.pixels();
		final float[][] planes = new float[img.channels][n];
		for (int c = 0; c < img.channels; c++) for (int i = 0; i < n; i++) planes[c][i] = u8[c * n + i] & 0xff;
		return img.channels == 3 ? InputImage.rgb(planes[0], planes[1], planes[2], img.width, img.height)
			: InputImage.grey(planes[0], img.width, img.height, InputImage.GREY8);
	}
}
