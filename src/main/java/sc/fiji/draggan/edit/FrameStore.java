package sc.fiji.draggan.edit;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
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
 * Long runs stay flat in memory: once the 8-bit frames held in memory pass {@link #MEMORY_BUDGET} bytes, the
 * following ones go to a scratch file in the temporary folder (unlinked at once where the system allows, else deleted
 * when the JVM exits) and are read back on demand.
 * <p>
 * A compacted frame is read back as floats {@code (b − 127.5) / 127.5}, the middle of the interval that
 * converts to {@code b}: converting it to 8 bits again gives exactly the bytes stored. Read-only list;
 * frames are added by {@link DragRunner}; safe to read from another thread while frames are added.
 */
final class FrameStore extends AbstractList<GeneratorImage> {

	/** 8-bit frames kept in memory before the next ones go to the scratch file: about 85 frames of 512² RGB. */
	static final long MEMORY_BUDGET = 16L << 20;

	/** Per frame: a {@link GeneratorImage} (float), an 8-bit {@link Compact}, or a {@link Spilled} one. */
	private final List<Object> frames = new ArrayList<>();
	private final long budget;
	private long inMemory;
	private RandomAccessFile spill;
	private long spillLength;

	FrameStore() {
		this(MEMORY_BUDGET);
	}

	/** @param budget bytes of 8-bit frames kept in memory */
	FrameStore(final long budget) {
		this.budget = budget;
	}

	private static final class Compact {

		final int channels, height, width;
		final byte[] data;

		Compact(final int channels, final int height, final int width, final byte[] data) {
			this.channels = channels;
			this.height = height;
			this.width = width;
			this.data = data;
		}

		GeneratorImage expand() {
			final float[] f = new float[data.length];
			for (int i = 0; i < f.length; i++) f[i] = ((data[i] & 0xff) - 127.5f) / 127.5f;
			return new GeneratorImage(channels, height, width, f);
		}
	}

	/** An 8-bit frame in the scratch file. */
	private static final class Spilled {

		final int channels, height, width;
		final long offset;

		Spilled(final GeneratorImage img, final long offset) {
			channels = img.channels;
			height = img.height;
			width = img.width;
			this.offset = offset;
		}
	}

	synchronized void append(final GeneratorImage img) {
		final int n = frames.size();
		if (n >= 2 && frames.get(n - 1) instanceof GeneratorImage) frames.set(n - 1, compact((GeneratorImage) frames.get(n - 1)));
		frames.add(img);
	}

	private Object compact(final GeneratorImage img) {
		final byte[] data = img.toUint8();
		if (inMemory + data.length <= budget) {
			inMemory += data.length;
			return new Compact(img.channels, img.height, img.width, data);
		}
		try {
			if (spill == null) spill = openScratch();
			spill.seek(spillLength);
			spill.write(data);
			final Spilled s = new Spilled(img, spillLength);
			spillLength += data.length;
			return s;
		}
		catch (final IOException e) {
			throw new UncheckedIOException("could not write a frame to the temporary folder (" + System.getProperty("java.io.tmpdir") +
				"): " + e.getMessage(), e);
		}
	}

	private static RandomAccessFile openScratch() throws IOException {
		final File f = File.createTempFile("draggan-frames-", ".raw");
		final RandomAccessFile raf = new RandomAccessFile(f, "rw");
		if (!f.delete()) f.deleteOnExit(); // POSIX: the open file stays readable and vanishes with it
		return raf;
	}

	@Override
	public synchronized GeneratorImage get(final int index) {
		final Object f = frames.get(index);
		if (f instanceof GeneratorImage) return (GeneratorImage) f;
		if (f instanceof Compact) return ((Compact) f).expand();
		final Spilled s = (Spilled) f;
		final byte[] data = new byte[s.channels * s.height * s.width];
		try {
			spill.seek(s.offset);
			spill.readFully(data);
		}
		catch (final IOException e) {
			throw new UncheckedIOException("could not read a frame back from the temporary folder: " + e.getMessage(), e);
		}
		return new Compact(s.channels, s.height, s.width, data).expand();
	}

	@Override
	public synchronized int size() {
		return frames.size();
	}

	/** Whether some frames live in the scratch file (tests). */
	synchronized boolean spilled() {
		return spill != null;
	}
}
