package sc.fiji.draggan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import sc.fiji.draggan.ij.ImageConversion;
import sc.fiji.draggan.ij.ImageHeaders;
import sc.fiji.draggan.ij.ImageSaving;
import sc.fiji.draggan.model.GeneratorImage;

/**
 * Image files of the command line, through ImageJ's own I/O: generator images to 8-bit TIFF/PNG
 * (grey for one channel, RGB for three), labelled stacks, and reading masks.
 */
public final class ImageFiles {

	private ImageFiles() {}

	/** Writes one image as .png, .tif/.tiff (8-bit). */
	public static void write(final GeneratorImage img, final Path file) throws IOException {
		save(new ImagePlus(file.getFileName().toString(), ImageConversion.toProcessor(img)), file);
	}

	/** Writes {@code imp} atomically as .png, .tif/.tiff or .gif ({@link ImageSaving}). */
	static void save(final ImagePlus imp, final Path file) throws IOException {
		ImageSaving.save(imp, file);
	}

	/** Opens any image ImageJ can read, after checking the size its header claims ({@link ImageHeaders}). */
	public static ImagePlus open(final Path file) throws IOException {
		return ImageHeaders.open(file);
	}
}
