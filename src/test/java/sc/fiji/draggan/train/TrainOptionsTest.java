package sc.fiji.draggan.train;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class TrainOptionsTest {

	@Test
	public void adaptiveAugmentationByDefaultButOldCheckpointsResumeWithout() {
		assertEquals("ada", new TrainOptions().augment);
		assertEquals("ada", TrainOptions.fromJson(new TrainOptions().toJson()).augment);
		assertEquals("written before augmentation existed", "none", TrainOptions.fromJson("{\"resolution\":16,\"batch\":4}").augment);
	}

	@Test
	public void augmentationSpellings() {
		assertEquals("none", new TrainOptions().augmentation("none").augment);
		final TrainOptions fixed = new TrainOptions().augmentation("0.25");
		assertEquals("fixed", fixed.augment);
		assertEquals(0.25, fixed.augmentP, 0);
	}

	@Test(expected = IllegalArgumentException.class)
	public void probabilityAboveOneIsRejected() {
		new TrainOptions().augmentation("2");
	}
}
