package sc.fiji.draggan.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import sc.fiji.draggan.model.GeneratorConfig;

/**
 * The square frame in which the official drag loop works for a generator whose picture is H × W with
 * W &lt; H (StyleGAN-Human, docs/algorithm.md "Checkpoint families"): the picture sits in the middle of
 * an H × H frame, (H − W)/2 columns to each side; each feature map h × w is padded with zero columns
 * to h × h before it is resized to H × H; the mask is padded with fixed columns. Points are given and
 * reported in the picture's own pixels and shifted into the frame here. For a square generator every
 * method is the identity.
 */
final class SquarePadding {

	/** Picture size, and the frame's first picture column. */
	final int height, width, offset;

	SquarePadding(final GeneratorConfig config) {
		height = config.imgHeight();
		width = config.imgWidth();
		if (width > height || (height - width) % 2 != 0)
			throw new IllegalArgumentException("a " + height + "x" + width + " picture cannot be centred in a square frame");
		offset = (height - width) / 2;
	}

	boolean isSquare() {
		return offset == 0;
	}

	/** Picture column → frame column. */
	double toFrame(final double x) {
		return x + offset;
	}

	/** Frame column → picture column. */
	int toPicture(final int col) {
		return col - offset;
	}

	/** Block features [N, C, h, w] zero-padded to [N, C, h, h] (differentiable; the same array when square). */
	NDArray features(final NDArray feat) {
		if (isSquare()) return feat;
		final Shape s = feat.getShape();
		final long h = s.get(2), w = s.get(3), p = (h - w) / 2;
		final NDArray zeros = feat.getManager().zeros(new Shape(s.get(0), s.get(1), h, p), feat.getDataType());
		return NDArrays.concat(new NDList(zeros, feat, zeros), 3);
	}

	/** A picture mask (H × W, 1 = fixed) as a frame mask (H × H): the padding columns are fixed. */
	float[] mask(final float[] fixed) {
		if (isSquare()) return fixed;
		final float[] out = new float[height * height];
		java.util.Arrays.fill(out, 1f);
		for (int r = 0; r < height; r++) System.arraycopy(fixed, r * width, out, r * height + offset, width);
		return out;
	}
}
