package sc.fiji.draggan.model;

import ai.djl.pytorch.jni.JniUtils;

/**
 * The one place that asks the PyTorch engine about autograd state. (DJL's {@code hasGradient()}
 * reports false for non-leaf results that do have a grad_fn, and asking a tensor without one for its
 * grad_fn name crashes the JVM, so the layers decide from the recording mode instead.)
 */
final class Autograd {

	private Autograd() {}

	/** True while a {@code GradientCollector} is open (PyTorch grad mode). */
	static boolean recording() {
		return JniUtils.isGradMode();
	}
}
