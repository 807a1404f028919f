package sc.fiji.draggan.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Gives the free pages of the C heap back to the system (glibc's {@code malloc_trim}), where libtorch's arrays live
 * (docs/design.md#native-memory). The launcher keeps freed blocks for reuse (no trimming, no {@code mmap}), which makes
 * a drag step faster but lets the pages of holes that no later array fills stay resident; a long drag trims now and
 * then. Pages that are used again come back on first touch. A no-op where the C library has no {@code malloc_trim}
 * (macOS, Windows, musl).
 */
public final class NativeHeap {

	/** Steps of a long loop (drag, inversion, training) between two trims: rarely enough that the pages a step uses again cost little. */
	public static final int STEPS_BETWEEN_TRIMS = 25;

	private static final Function TRIM = lookUp();

	private NativeHeap() {}

	/** Whether the C library can trim its heap here. */
	public static boolean canTrim() {
		return TRIM != null;
	}

	/** Called after step i (from 0) of a long loop: trims after every {@link #STEPS_BETWEEN_TRIMS}th step. */
	public static void afterStep(final int i) {
		if ((i + 1) % STEPS_BETWEEN_TRIMS == 0) trim();
	}

	/** Returns the heap's free pages to the system; true if something was released. */
	public static boolean trim() {
		if (TRIM == null) return false;
		try {
			return TRIM.invokeInt(new Object[] { 0 }) == 1;
		}
		catch (final RuntimeException | LinkageError e) {
			return false;
		}
	}

	private static Function lookUp() {
		if (!Platform.isLinux()) return null;
		try {
			return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("malloc_trim");
		}
		catch (final RuntimeException | LinkageError e) {
			return null; // a C library without it
		}
	}
}
