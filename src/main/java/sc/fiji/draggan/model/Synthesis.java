package sc.fiji.draggan.model;

import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import ai.djl.ndarray.NDArray;

/**
 * Outputs of one synthesis call; every array is attached to the manager of the ws passed in.
 * <p>
 * With {@link SynthesisOptions#lazyImage} the blocks after the recorded ones run only when {@link #image()} is first called
 * (docs/design.md#native-memory: the drag step asks after its backward pass, so their activations never coexist with the recorded
 * graph). Not thread-safe.
 */
public final class Synthesis {

	private NDArray image;
	private Supplier<NDArray> pendingImage;
	private final List<NDArray> features;
	private final List<NDArray> blockImages;

	Synthesis(final NDArray image, final List<NDArray> features, final List<NDArray> blockImages) {
		this.image = image;
		this.features = Collections.unmodifiableList(features);
		this.blockImages = Collections.unmodifiableList(blockImages);
	}

	/** A synthesis whose image is computed by {@code rest} on the first call of {@link #image()}. */
	Synthesis(final Supplier<NDArray> rest, final List<NDArray> features) {
		this(null, features, Collections.<NDArray> emptyList());
		pendingImage = rest;
	}

	/**
	 * [N, imgChannels, R, R] float32, nominal range [-1, 1]; null unless requested and every block ran. A lazy image is computed
	 * now, the first time (without autograd), from the state the forward pass left.
	 */
	public NDArray image() {
		if (pendingImage != null) {
			final Supplier<NDArray> rest = pendingImage;
			pendingImage = null;
			image = rest.get();
		}
		return image;
	}

	/**
	 * The output x of every block run, b4 first (DragGAN's {@code feat} list, docs/algorithm.md#latent-fed-to-the-generator);
	 * with a lazy image, only the blocks up to {@link SynthesisOptions#gradientUpToBlock}.
	 */
	public List<NDArray> features() {
		return features;
	}

	/** With {@link SynthesisOptions#blockImages}: the running image after each block that has one; else empty. */
	public List<NDArray> blockImages() {
		return blockImages;
	}
}
