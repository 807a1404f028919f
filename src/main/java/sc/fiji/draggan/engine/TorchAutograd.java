package sc.fiji.draggan.engine;

import ai.djl.pytorch.jni.JniUtils;

/**
 * The one adapter over DJL's PyTorch-specific autograd switches ({@code ai.djl.pytorch.*}).
 * <ul>
 * <li>DJL's {@code hasGradient()} reports false for non-leaf results that do have a grad_fn, and
 * asking a tensor without one for its grad_fn name crashes the JVM, so layers decide from the
 * thread's recording mode instead.</li>
 * <li>libtorch starts every new thread with gradient recording on (only the thread that loads the
 * engine gets it off): on a SciJava or ImageJ worker thread an in-place update of a latent that
 * requires gradients then fails, and stray graphs are recorded outside the gradient collectors.
 * {@link Djl#run} switches it off around every run.</li>
 * </ul>
 */
public final class TorchAutograd {

	private TorchAutograd() {}

	/** True while a {@code GradientCollector} is open on this thread (PyTorch grad mode). */
	public static boolean recording() {
		return JniUtils.isGradMode();
	}

	/**
	 * Runs an optimiser update with recording off on this thread (PyTorch's {@code no_grad} around
	 * {@code optimizer.step}): in-place updates of leaves that require gradients fail otherwise on
	 * threads where libtorch starts with recording on.
	 */
	public static void withoutRecording(final Runnable update) {
		final boolean old = setRecording(false);
		try {
			update.run();
		}
		finally {
			setRecording(old);
		}
	}

	/** Sets this thread's recording mode; returns the previous one. */
	static boolean setRecording(final boolean on) {
		final boolean old = JniUtils.isGradMode();
		JniUtils.setGradMode(on);
		return old;
	}
}
