package sc.fiji.draggan.checkpoint;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

import org.junit.BeforeClass;
import org.junit.Test;

import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.model.GeneratorConfig;
import sc.fiji.draggan.tensor.StateDict;
import sc.fiji.draggan.tensor.TensorData;

/**
 * The TensorFlow-era fixture pickle converted in Java against the official converter's output (the
 * converted pickle in the same folder): every generator and discriminator tensor, the config and the
 * discriminator kwargs.
 */
public class TfPickleFixtureTest {

	private static Checkpoint tf, converted;

	@BeforeClass
	public static void load() throws IOException {
		final Path dir = Fixtures.dir("tf/f32");
		tf = ModelLoader.load(dir.resolve("stylegan2-tfsynth-config-f-32x32.pkl"));
		converted = ModelLoader.load(dir.resolve("stylegan2-tfsynth-config-f-32x32-converted.pkl"));
	}

	@Test
	public void generatorEqualsTheOfficialConversion() {
		assertSameTensors("G_ema", converted.generator(), tf.generator(), 0);
	}

	@Test
	public void discriminatorEqualsTheOfficialConversion() {
		assertNotNull(tf.discriminator());
		assertSameTensors("D", converted.discriminator(), tf.discriminator(), 0);
		final Map<String, Object> want = converted.discriminatorKwargs(), got = tf.discriminatorKwargs();
		assertEquals(String.valueOf(want), String.valueOf(got));
	}

	@Test
	public void configEqualsTheOfficialConversion() {
		final GeneratorConfig a = converted.generatorConfig(), b = tf.generatorConfig();
		assertEquals(GeneratorConfig.FAMILY_STYLEGAN2_TF, b.family);
		assertEquals(GeneratorConfig.FAMILY_STYLEGAN2, a.family);
		b.family = a.family;
		assertEquals(a.toJson(), b.toJson());
		assertNull(b.convClamp);
		assertEquals(512, b.channelBase);
		assertEquals(0.995, b.wAvgBeta, 0);
	}

	static void assertSameTensors(final String what, final StateDict want, final StateDict got, final double tol) {
		assertEquals(what + " names", new TreeSet<>(want.asMap().keySet()), new TreeSet<>(got.asMap().keySet()));
		for (final Map.Entry<String, TensorData> e : want.asMap().entrySet()) {
			final TensorData g = got.get(e.getKey());
			assertArrayEquals(e.getKey(), e.getValue().shape(), g.shape());
			final double err = Fixtures.maxAbsDiff(e.getValue().data(), g.data());
			assertTrue(what + " " + e.getKey() + " differs by " + err, err <= tol);
		}
	}
}
