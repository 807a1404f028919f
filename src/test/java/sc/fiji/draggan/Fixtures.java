package sc.fiji.draggan;

import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import sc.fiji.draggan.io.Npy;

/**
 * The official reference fixtures in {@code ../shared/fixtures} (never copied into the repo). Tests
 * that need them call {@link #dir} which skips the test (JUnit assumption) when they are absent.
 */
public final class Fixtures {

	private Fixtures() {}

	/** The shared fixtures root: {@code -Ddraggan.fixtures=...}, else {@code ../shared/fixtures}. */
	public static Path root() {
		final String p = System.getProperty("draggan.fixtures");
		return p != null ? Paths.get(p) : Paths.get("..", "shared", "fixtures").toAbsolutePath().normalize();
	}

	/** A fixture folder, e.g. {@code stylegan2/tiny}; skips the calling test if it is not there. */
	public static Path dir(final String relative) {
		final Path d = root().resolve(relative);
		assumeTrue("fixtures not available: " + d, Files.isDirectory(d));
		return d;
	}

	public static Npy.Array npy(final Path dir, final String file) throws IOException {
		return Npy.read(dir.resolve(file));
	}

	/** Largest absolute difference between two equally long arrays. */
	public static double maxAbsDiff(final float[] a, final float[] b) {
		if (a.length != b.length) throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
		double m = 0;
		for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs((double) a[i] - b[i]));
		return m;
	}

	/** Fails unless max |expected − actual| ≤ relative · max(1, max |expected|) (equal lengths). */
	public static void assertRelativelyClose(final String what, final float[] expected, final float[] actual, final double relative) {
		final double worst = maxAbsDiff(expected, actual);
		double scale = 0;
		for (final float v : expected) scale = Math.max(scale, Math.abs(v));
		if (worst > relative * Math.max(1, scale)) throw new AssertionError(what + ": max difference " + worst + " of " + scale);
	}
}
