package sc.fiji.draggan.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Training images in memory: CHW float arrays in [-1, 1], all of one size and channel count. */
public final class ImageDataset {

	private final int channels, resolution;
	private final List<float[]> images = new ArrayList<>();
	private int greyLevels;

	public ImageDataset(final int channels, final int resolution) {
		if (channels < 1) throw new IllegalArgumentException("images need at least one channel");
		if (resolution < 4 || Integer.bitCount(resolution) != 1)
			throw new IllegalArgumentException("training resolution must be a power of two (e.g. 64 or 128), got " + resolution);
		this.channels = channels;
		this.resolution = resolution;
	}

	/** Adds an image already scaled to [-1, 1] (CHW). */
	public void add(final float[] chw) {
		if (chw.length != channels * resolution * resolution) throw new IllegalArgumentException("image has " + chw.length +
			" values, expected " + channels + "x" + resolution + "x" + resolution);
		images.add(chw);
	}

	/** Adds a grey [0, 1] image (e.g. from {@link sc.fiji.draggan.synth.CellImageSynth}), mapped to [-1, 1]. */
	public void addUnit(final float[] grey01) {
		final float[] a = new float[grey01.length];
		for (int i = 0; i < a.length; i++) a[i] = grey01[i] * 2 - 1;
		add(a);
	}

	public int size() {
		return images.size();
	}

	public float[] get(final int i) {
		return images.get(i);
	}

	public List<float[]> images() {
		return Collections.unmodifiableList(images);
	}

	public int channels() {
		return channels;
	}

	public int resolution() {
		return resolution;
	}

	/**
	 * Number of evenly spaced values the images take in [-1, 1] (256 when they are 8-bit files used at
	 * their own size), or 0 when the values are continuous. Metrics quantise generated images the same way.
	 */
	public int greyLevels() {
		return greyLevels;
	}

	public ImageDataset greyLevels(final int levels) {
		if (levels == 1 || levels < 0) throw new IllegalArgumentException("grey levels must be 0 (continuous) or at least 2, got " + levels);
		greyLevels = levels;
		return this;
	}

	/** Images [from, to) as a new dataset (shares the arrays). */
	public ImageDataset subset(final int from, final int to) {
		final ImageDataset d = new ImageDataset(channels, resolution);
		for (int i = from; i < to; i++) d.images.add(images.get(i));
		d.greyLevels = greyLevels;
		return d;
	}
}
