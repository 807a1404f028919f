package sc.fiji.draggan.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import sc.fiji.draggan.io.Npy;

/**
 * Reads an edit mask for {@code draggan drag}: a {@code .npy} array (H×W, or with leading 1-sized
 * axes) or any image ImageJ opens (first slice; RGB: any channel). Nonzero = the region allowed to
 * change.
 */
final class MaskFile {

	private MaskFile() {}

	/**
	 * @return height×width row-major, nonzero = may change
	 * @param what whose pixels the mask covers ("generator", "input")
	 * @throws IllegalArgumentException if the mask is not width × height
	 */
	static float[] read(final Path file, final int width, final int height, final String what) throws IOException {
		final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		final int h, w;
		final float[] v;
		if (name.endsWith(".npy")) {
			final Npy.Array a = Npy.read(file);
			int dims = 0;
			long hh = 1, ww = 1;
			for (final long s : a.shape) {
				if (s == 1 && dims == 0 && a.shape.length > 2) continue;
				if (dims == 0) hh = s;
				else ww = s;
				dims++;
			}
			if (dims != 2) throw new IllegalArgumentException("the mask " + file + " must be a 2-D array (H x W), got shape " +
				java.util.Arrays.toString(a.shape));
			h = (int) hh;
			w = (int) ww;
			v = a.toFloats();
		}
		else {
			final ImagePlus imp = ImageFiles.open(file);
			final ImageProcessor ip = imp.getProcessor();
			h = ip.getHeight();
			w = ip.getWidth();
			v = new float[h * w];
			for (int i = 0; i < v.length; i++) {
				v[i] = ip instanceof ColorProcessor ? (ip.get(i) & 0xffffff) : ip.getf(i);
			}
		}
		if (h != height || w != width) throw new IllegalArgumentException(String.format(Locale.ROOT,
			"the mask %s is %dx%d; it must be %dx%d (width x height) like the %s image", file.getFileName(), w, h, width, height, what));
		return v;
	}
}
