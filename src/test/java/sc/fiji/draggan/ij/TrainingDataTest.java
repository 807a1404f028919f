package sc.fiji.draggan.ij;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;

import org.junit.Test;

import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import sc.fiji.draggan.train.ImageDataset;

/** Scaling of training images to [-1, 1] and whether they are 8-bit values (the metrics round samples alike). */
public class TrainingDataTest {

	private static ByteProcessor bytes(final int side, final int value) {
		final ByteProcessor bp = new ByteProcessor(side, side);
		bp.setValue(value);
		bp.fill();
		bp.set(0, 0, 255);
		return bp;
	}

	@Test
	public void eightBitImagesAtTheirOwnSizeStayEightBit() {
		final ImageDataset d = TrainingData.fromProcessors(Arrays.<ImageProcessor> asList(bytes(16, 0), bytes(16, 51)), 16);
		assertEquals(2, d.size());
		assertTrue(d.eightBit());
		assertEquals(-1, d.get(0)[1], 0);
		assertEquals(51 / 255.0 * 2 - 1, d.get(1)[1], 1e-6);
		assertEquals(1, d.get(1)[0], 0);
		assertTrue(d.subset(1, 2).eightBit());
	}

	@Test
	public void resizedOrSixteenBitImagesAreContinuous() {
		assertFalse(TrainingData.fromProcessors(Arrays.<ImageProcessor> asList(bytes(32, 10)), 16).eightBit());
		final ShortProcessor sp = new ShortProcessor(16, 16);
		sp.setValue(1000);
		sp.fill();
		sp.set(3, 3, 3000);
		final ImageDataset d = TrainingData.fromProcessors(Arrays.<ImageProcessor> asList(sp), 16);
		assertFalse(d.eightBit());
		assertEquals(-1, d.get(0)[0], 0); // the data set's own minimum and maximum
		assertEquals(1, d.get(0)[3 * 16 + 3], 0);
		assertFalse(TrainingData.fromProcessors(Arrays.<ImageProcessor> asList(bytes(16, 1), sp), 16).eightBit());
	}
}
