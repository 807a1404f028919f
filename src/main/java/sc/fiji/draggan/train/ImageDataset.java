package sc.fiji.draggan.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Training images in memory: CHW float arrays in [-1, 1], all of one size and channel count. */
public final class ImageDataset {

	private final int channels, resolution;
	private final List<float[]> images = new ArrayList<>();
	private boolean eightBit;

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
	 * Whether the images are 8-bit values k/127.5 − 1 (8-bit files used at their own size) rather than
	 * continuous ones. Metrics round generated images the same way.
	 */
	public boolean eightBit() {
		return eightBit;
	}

	public ImageDataset eightBit(final boolean on) {
		eightBit = on;
		return this;
	}

	/** Images [from, to) as a new dataset (shares the arrays). */
	public ImageDataset subset(final int from, final int to) {
		final ImageDataset d = new ImageDataset(channels, resolution);
		for (int i = from; i < to; i++) d.images.add(images.get(i));
		d.eightBit = eightBit;
		return d;
	}
}
