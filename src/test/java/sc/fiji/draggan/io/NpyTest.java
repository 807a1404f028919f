package sc.fiji.draggan.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class NpyTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void float32RoundTrip() throws IOException {
		final Path p = tmp.getRoot().toPath().resolve("a.npy");
		final float[] v = { 1.5f, -2f, 3.25f, 0f, 7f, -1e-7f };
		Npy.writeFloat32(p, new long[] { 1, 2, 3 }, v);
		assertEquals("header is padded to 64 bytes", 0, (Files.size(p) - 4 * v.length) % 64);
		final Npy.Array a = Npy.read(p);
		assertArrayEquals(new long[] { 1, 2, 3 }, a.shape);
		assertEquals("<f4", a.descr);
		assertArrayEquals(v, a.toFloats(), 0f);
	}

	@Test
	public void oneDimensionalShapeHasTrailingComma() throws IOException {
		final Path p = tmp.getRoot().toPath().resolve("b.npy");
		Npy.writeInt32(p, new long[] { 3 }, new int[] { 1, -2, 3 });
		final String header = new String(Files.readAllBytes(p), "ISO-8859-1");
		assertTrue(header, header.contains("'shape': (3,)"));
		assertArrayEquals(new int[] { 1, -2, 3 }, Npy.read(p).toInts());
	}

	@Test
	public void truncatedFileGivesClearError() throws IOException {
		final Path p = tmp.getRoot().toPath().resolve("c.npy");
		Npy.writeFloat32(p, new long[] { 4 }, new float[4]);
		final byte[] all = Files.readAllBytes(p);
		Files.write(p, java.util.Arrays.copyOf(all, all.length - 3));
		try {
			Npy.read(p);
			fail();
		}
		catch (final IOException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("truncated"));
		}
	}

	@Test
	public void halfPrecision() {
		assertEquals(1.0f, Npy.halfToFloat((short) 0x3c00), 0f);
		assertEquals(-2.0f, Npy.halfToFloat((short) 0xc000), 0f);
		assertEquals(5.9604645e-8f, Npy.halfToFloat((short) 0x0001), 0f);
	}
}
