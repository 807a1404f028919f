package sc.fiji.draggan.edit;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.draggan.model.GeneratorImage;

/**
 * The recorded frames of a drag, kept as they will be written (docs/design.md#native-memory): 8 bits
 * per channel, the official conversion ({@link GeneratorImage#toUint8()}), a quarter of the float
 * frame. The first frame and the latest one stay in float, exactly as the generator made them, since
 * the start picture and the final picture are measured (content distance, PSNR).
 * <p>
 * A compacted frame is read back as floats {@code (b − 127.5) / 127.5}, the middle of the interval that
 * converts to {@code b}: converting it to 8 bits again gives exactly the bytes stored. Read-only list;
 * frames are added by {@link DragRunner}.
 */
final class FrameStore extends AbstractList<GeneratorImage> {

	/** Per frame: a {@link GeneratorImage} (float) or an 8-bit {@link Compact}. */
	private final List<Object> frames = new ArrayList<>();

	private static final class Compact {

		final int channels, height, width;
		final byte[] data;

		Compact(final GeneratorImage img) {
			channels = img.channels;
			height = img.height;
			width = img.width;
			data = img.toUint8();
		}

		GeneratorImage expand() {
			final float[] f = new float[data.length];
			for (int i = 0; i < f.length; i++) f[i] = ((data[i] & 0xff) - 127.5f) / 127.5f;
			return new GeneratorImage(channels, height, width, f);
		}
	}

	void append(final GeneratorImage img) {
		final int n = frames.size();
		if (n >= 2 && frames.get(n - 1) instanceof GeneratorImage) frames.set(n - 1, new Compact((GeneratorImage) frames.get(n - 1)));
		frames.add(img);
	}

	@Override
	public GeneratorImage get(final int index) {
		final Object f = frames.get(index);
		return f instanceof GeneratorImage ? (GeneratorImage) f : ((Compact) f).expand();
	}

	@Override
	public int size() {
		return frames.size();
	}
}
