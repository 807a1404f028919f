package sc.fiji.draggan.edit;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.Random;

import org.junit.Test;

import sc.fiji.draggan.model.GeneratorImage;

/** Frames kept 8-bit: the first and the latest frame exact, the others give back exactly their 8-bit planes. */
public class FrameStoreTest {

	private static GeneratorImage random(final long seed) {
		final Random r = new Random(seed);
		final float[] f = new float[3 * 5 * 7];
		for (int i = 0; i < f.length; i++) f[i] = (float) (r.nextGaussian() * 0.8); // beyond ±1 too: clipped
		f[0] = -1f;
		f[1] = 1f;
		f[2] = Float.NaN;
		f[3] = 0.00392f; // near a step of the 8-bit scale
		return new GeneratorImage(3, 5, 7, f);
	}

	@Test
	public void firstAndLatestStayFloatTheOthersAreEightBitExactly() {
		final FrameStore s = new FrameStore();
		final GeneratorImage[] in = new GeneratorImage[5];
		for (int i = 0; i < in.length; i++) {
			in[i] = random(i);
			s.append(in[i]);
			assertSame("the latest frame is the float one", in[i], s.get(i));
		}
		assertEquals(5, s.size());
		assertSame(in[0], s.get(0));
		for (int i = 1; i < 4; i++) {
			final GeneratorImage g = s.get(i);
			assertEquals(3, g.channels);
			assertEquals(5, g.height);
			assertEquals(7, g.width);
			assertArrayEquals("frame " + i, in[i].toUint8(), g.toUint8());
		}
	}

	@Test
	public void everyByteValueRoundTrips() {
		final float[] f = new float[256];
		for (int b = 0; b < 256; b++) f[b] = (b - 128) / 127.5f + 1e-7f * (b % 3 - 1);
		final GeneratorImage img = new GeneratorImage(1, 16, 16, f);
		final FrameStore s = new FrameStore();
		s.append(img);
		s.append(img);
		s.append(img);
		assertArrayEquals(img.toUint8(), s.get(1).toUint8());
	}

	@Test
	public void framesPastTheMemoryBudgetGoToAScratchFileAndComeBackExactly() {
		final int bytesPerFrame = 3 * 5 * 7;
		final FrameStore s = new FrameStore(3L * bytesPerFrame); // three 8-bit frames in memory, the rest in the file
		final GeneratorImage[] in = new GeneratorImage[12];
		for (int i = 0; i < in.length; i++) {
			in[i] = random(100 + i);
			s.append(in[i]);
		}
		assertTrue("frames went to the scratch file", s.spilled());
		assertEquals(12, s.size());
		assertSame(in[0], s.get(0));
		assertSame(in[11], s.get(11));
		for (int i = 10; i >= 1; i--) assertArrayEquals("frame " + i, in[i].toUint8(), s.get(i).toUint8()); // any order
		final FrameStore roomy = new FrameStore();
		for (final GeneratorImage g : in) roomy.append(g);
		assertFalse("small runs stay in memory", roomy.spilled());
	}
}
