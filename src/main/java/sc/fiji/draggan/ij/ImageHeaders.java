package sc.fiji.draggan.ij;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.TiffDecoder;
import sc.fiji.draggan.io.Limits;

/**
 * Opens image files only after reading their size from the header: TIFF through ImageJ's own
 * {@link TiffDecoder} (every image file directory, ImageJ stacks included), PNG from its IHDR chunk,
 * other formats through the {@code javax.imageio} reader's {@code getWidth}/{@code getHeight}.
 * An image of more than {@link Limits#maxImagePixels()} pixels ({@code -Ddraggan.maxImagePixels}) or
 * one that would not fit the free heap is refused before anything is decoded, so a few hundred bytes
 * claiming 20000 × 20000 pixels, or a PNG decompression bomb, give a message instead of an OutOfMemoryError.
 */
public final class ImageHeaders {

	private ImageHeaders() {}

	/** Size an image file claims: pixels over all slices, and bytes ImageJ would allocate for them. */
	static final class Claim {

		final long width, height, slices, bytesPerPixel;
		/** The most pixel bytes the file's data can decode to (its compression's best ratio); MAX_VALUE when unknown. */
		long maxDecodedBytes = Long.MAX_VALUE;
		/** Bytes per pixel as stored, at least (1 for 8-bit grey). */
		long storedBytesPerPixel = 1;

		Claim(final long width, final long height, final long slices, final long bytesPerPixel) {
			this.width = width;
			this.height = height;
			this.slices = slices;
			this.bytesPerPixel = bytesPerPixel;
		}

		Claim decodesToAtMost(final long bytes, final long storedPerPixel) {
			maxDecodedBytes = bytes;
			storedBytesPerPixel = Math.max(1, storedPerPixel);
			return this;
		}

		long pixels() {
			return sat(sat(width, height), slices);
		}
	}

	/** Any image ImageJ can read, after the header check. */
	public static ImagePlus open(final Path file) throws IOException {
		if (!Files.isRegularFile(file)) throw new IOException("image not found: " + file);
		check(file);
		final ImagePlus imp;
		try {
			imp = IJ.openImage(file.toString());
		}
		catch (final OutOfMemoryError e) {
			throw new IOException("not enough memory to open " + file + "; give Java more memory (Fiji: Edit > Options > Memory & Threads, or -Xmx)");
		}
		catch (final RuntimeException e) {
			throw new IOException("ImageJ cannot open " + file + " (" + sc.fiji.draggan.io.Messages.of(e) + ")", e);
		}
		if (imp == null) throw new IOException("ImageJ cannot open " + file);
		return imp;
	}

	/** Refuses a file whose header claims too many pixels; files whose size cannot be read from a header pass. */
	public static void check(final Path file) throws IOException {
		final Claim c = claim(file);
		if (c == null) return;
		final long limit = Limits.maxImagePixels();
		if (c.width <= 0 || c.height <= 0) throw new IOException(file + " claims an image of " + c.width + " x " + c.height + " pixels");
		if (c.pixels() > limit)
			throw new IOException(file + " claims " + c.width + " x " + c.height + (c.slices > 1 ? " x " + c.slices : "") + " pixels, more than the limit of " +
				limit + " (raise it with -D" + Limits.MAX_IMAGE_PIXELS + "=PIXELS)");
		final long claimed = sat(c.pixels(), c.storedBytesPerPixel);
		if (claimed > c.maxDecodedBytes)
			throw new IOException(file + " claims " + c.width + " x " + c.height + (c.slices > 1 ? " x " + c.slices : "") + " pixels (" +
				Limits.size(claimed) + ") but its " + Limits.size(Files.size(file)) + " cannot hold them; it is damaged");
		final long bytes = sat(c.pixels(), c.bytesPerPixel);
		final Runtime rt = Runtime.getRuntime();
		final long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
		if (bytes > free)
			throw new IOException(file + " (" + c.width + " x " + c.height + (c.slices > 1 ? " x " + c.slices : "") + ") needs " + Limits.size(bytes) +
				" but Java has " + Limits.size(free) + " free; give Java more memory (Fiji: Edit > Options > Memory & Threads, or -Xmx)");
	}

	/** What the header says, or null when the format has no header this class reads. */
	static Claim claim(final Path file) throws IOException {
		final byte[] head = new byte[24];
		int n = 0;
		try (InputStream in = Files.newInputStream(file)) {
			for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0;) n += r;
		}
		if (n >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0) || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42)))
			return tiff(file);
		if (n >= 24 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') return png(file, head);
		return imageIo(file);
	}

	private static Claim tiff(final Path file) throws IOException {
		TiffStructure.check(file); // bounded directories before ImageJ's decoder allocates from them
		final Path dir = file.toAbsolutePath().getParent();
		final FileInfo[] info;
		try {
			info = new TiffDecoder(dir == null ? "" : dir.toString() + java.io.File.separator, file.getFileName().toString()).getTiffInfo();
		}
		catch (final RuntimeException e) {
			throw new IOException(file + " is not a readable TIFF (" + sc.fiji.draggan.io.Messages.of(e) + ")", e);
		}
		if (info == null || info.length == 0) throw new IOException(file + " is not a readable TIFF (no image in it)");
		long width = 0, height = 0, slices = 0, bpp = 1, stored = 1;
		boolean compressed = false;
		for (final FileInfo fi : info) {
			compressed |= fi.compression > FileInfo.COMPRESSION_NONE;
			stored = Math.max(stored, fi.getBytesPerPixel());
			width = Math.max(width, fi.width);
			height = Math.max(height, fi.height);
			slices = Math.min(Integer.MAX_VALUE, slices + Math.max(1, fi.nImages));
			bpp = Math.max(bpp, Math.max(fi.getBytesPerPixel(), fi.samplesPerPixel >= 3 ? 4 : 1));
			if (fi.width <= 0 || fi.height <= 0) return new Claim(fi.width, fi.height, 1, 1);
		}
		// uncompressed: the pixels are in the file; compressed: at most LZW's best ratio (a 12-bit code for 4096 bytes)
		final long size = Files.size(file);
		return new Claim(width, height, slices, bpp).decodesToAtMost(compressed ? sat(size, 4096) + (1 << 20) : size, stored);
	}

	/** IHDR: width and height (big-endian) at bytes 16 and 20; colour type at 25. */
	private static Claim png(final Path file, final byte[] head) throws IOException {
		if (head[12] != 'I' || head[13] != 'H' || head[14] != 'D' || head[15] != 'R') throw new IOException(file + " is not a valid PNG (no IHDR)");
		final DataInputStream d = new DataInputStream(new java.io.ByteArrayInputStream(head, 16, 8));
		final long w = d.readInt() & 0xffffffffL, h = d.readInt() & 0xffffffffL;
		// deflate expands at most 1032:1; a pixel is at least one byte once decoded (ImageJ: 8-bit or more)
		return new Claim(w, h, 1, 4).decodesToAtMost(sat(Files.size(file), 1032) + (1 << 20), 1);
	}

	private static Claim imageIo(final Path file) {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			if (in == null) return null;
			final Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) return null;
			final ImageReader r = readers.next();
			try {
				r.setInput(in, true, true);
				return new Claim(r.getWidth(0), r.getHeight(0), 1, 4);
			}
			finally {
				r.dispose();
			}
		}
		catch (final IOException | RuntimeException e) {
			return null; // not a format javax.imageio knows: ImageJ's opener decides
		}
	}

	private static long sat(final long a, final long b) {
		try {
			return Math.multiplyExact(a, b);
		}
		catch (final ArithmeticException e) {
			return Long.MAX_VALUE;
		}
	}
}
