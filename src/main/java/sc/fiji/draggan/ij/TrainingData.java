package sc.fiji.draggan.ij;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import sc.fiji.draggan.train.ImageDataset;

/**
 * Training images through ImageJ: a folder of images or one stack, turned grey (1 channel),
 * centre-cropped to a square, resized to the training resolution and scaled to [-1, 1]
 * (8-bit and RGB by /255; 16- and 32-bit by the data set's own minimum and maximum).
 */
public final class TrainingData {

	private TrainingData() {}

	public static ImageDataset load(final Path source, final int res) throws IOException {
		final List<ImageProcessor> slices = new ArrayList<>();
		if (Files.isDirectory(source)) {
			final File[] files = source.toFile().listFiles();
			if (files == null) throw new IOException("cannot list " + source);
			Arrays.sort(files);
			for (final File f : files) {
				final String n = f.getName().toLowerCase(Locale.ROOT);
				if (!(n.endsWith(".png") || n.endsWith(".tif") || n.endsWith(".tiff") || n.endsWith(".jpg") || n.endsWith(".jpeg"))) continue;
				addSlices(open(f.toPath()), slices);
			}
		}
		else addSlices(open(source), slices);
		if (slices.isEmpty()) throw new IOException("no images (.png, .tif, .jpg) in " + source);
		return fromProcessors(slices, res);
	}

	/** All slices of an open image (the Fiji command passes the current stack here). */
	public static ImageDataset fromImage(final ImagePlus imp, final int res) {
		final List<ImageProcessor> slices = new ArrayList<>();
		addSlices(imp, slices);
		return fromProcessors(slices, res);
	}

	private static void addSlices(final ImagePlus imp, final List<ImageProcessor> out) {
		final ImageStack st = imp.getStack();
		for (int i = 1; i <= st.getSize(); i++) out.add(st.getProcessor(i));
	}

	static ImageDataset fromProcessors(final List<ImageProcessor> slices, final int res) {
		final boolean eightBit = slices.stream().allMatch(ip -> ip.getBitDepth() == 8 || ip.getBitDepth() == 24);
		double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
		boolean resized = false;
		final List<float[]> grey = new ArrayList<>();
		for (final ImageProcessor ip0 : slices) {
			ImageProcessor ip = ip0.convertToFloatProcessor();
			if (ip0.getBitDepth() == 24) ip = ip0.convertToByteProcessor().convertToFloatProcessor();
			final int side = Math.min(ip.getWidth(), ip.getHeight());
			ip.setRoi((ip.getWidth() - side) / 2, (ip.getHeight() - side) / 2, side, side);
			ip = ip.crop();
			if (side != res) {
				resized = true;
				ip.setInterpolationMethod(ImageProcessor.BILINEAR);
				ip = ip.resize(res, res, true);
			}
			final float[] px = (float[]) ip.getPixels();
			for (final float v : px) {
				lo = Math.min(lo, v);
				hi = Math.max(hi, v);
			}
			grey.add(px.clone());
		}
		final double min = eightBit ? 0 : lo, max = eightBit ? 255 : Math.max(hi, lo + 1e-6);
		final ImageDataset d = new ImageDataset(1, res).eightBit(eightBit && !resized);
		for (final float[] px : grey) {
			final float[] a = new float[px.length];
			for (int i = 0; i < a.length; i++) a[i] = (float) ((px[i] - min) / (max - min) * 2 - 1);
			d.add(a);
		}
		return d;
	}

	private static ImagePlus open(final Path file) throws IOException {
		return ImageHeaders.open(file);
	}
}
