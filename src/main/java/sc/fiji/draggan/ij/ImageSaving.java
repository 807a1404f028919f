package sc.fiji.draggan.ij;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.FileSaver;
import sc.fiji.draggan.io.AtomicFiles;

/**
 * Saves images and stacks with ImageJ's own {@link FileSaver} (TIFF, PNG, GIF), atomically: the saver
 * writes a temporary file in the target's folder, which then replaces the target in one rename
 * ({@link AtomicFiles}). A kill during the write leaves the previous file as it was. The image keeps
 * its title (the saver would otherwise rename it after the temporary file).
 */
public final class ImageSaving {

	private ImageSaving() {}

	/** Writes {@code imp} as .tif/.tiff (a stack when it has several slices), .png or .gif, chosen by the name. */
	public static void save(final ImagePlus imp, final Path file) throws IOException {
		final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		final boolean tiff = name.endsWith(".tif") || name.endsWith(".tiff");
		if (!tiff && !name.endsWith(".png") && !name.endsWith(".gif"))
			throw new IllegalArgumentException("unsupported image file type: " + file + " (use .png, .tif or .npy)");
		final String title = imp.getTitle();
		try {
			AtomicFiles.write(file, (AtomicFiles.Content) tmp -> {
				final FileSaver saver = new FileSaver(imp);
				final String t = tmp.toString();
				final boolean ok = tiff ? (imp.getStackSize() > 1 ? saver.saveAsTiffStack(t) : saver.saveAsTiff(t)) :
					name.endsWith(".png") ? saver.saveAsPng(t) : saver.saveAsGif(t);
				if (!ok) throw new IOException("could not write " + file);
			});
		}
		finally {
			imp.setTitle(title);
		}
	}
}
