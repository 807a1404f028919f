package sc.fiji.draggan.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.nio.file.Path;

import org.junit.Test;

import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.io.Npy;

public class NumpyRandomTest {

	@Test
	public void specTestVectors() {
		assertArrayEquals(new double[] { 1.76405235, 0.40015721, 0.97873798 }, NumpyRandom.z(0, 3), 1e-8);
		assertArrayEquals(new double[] { 1.62434536, -0.61175641, -0.52817175 }, NumpyRandom.z(1, 3), 1e-8);
		assertArrayEquals(new double[] { 0.49671415, -0.1382643, 0.64768854 }, NumpyRandom.z(42, 3), 1e-8);
	}

	@Test
	public void matchesTheFixtureLatentsBitForBit() throws Exception {
		final Path dir = Fixtures.dir("stylegan2/small");
		final Npy.Array z = Fixtures.npy(dir, "z.npy"); // float32 cast of RandomState(s).randn(1, 128), s = 0,1,2
		final int zDim = (int) z.shape[1];
		for (int s = 0; s < 3; s++) {
			final double[] mine = NumpyRandom.z(s, zDim);
			for (int i = 0; i < zDim; i++) assertEquals((float) z.values[s * zDim + i], (float) mine[i], 0f);
		}
	}

	@Test(expected = IllegalArgumentException.class)
	public void negativeSeedIsRejected() {
		new NumpyRandom(-1);
	}
}
