package sc.fiji.draggan.model;

import java.util.Collections;
import java.util.List;

import ai.djl.ndarray.NDArray;

/** Outputs of one synthesis call; every array is attached to the manager of the ws passed in. */
public final class Synthesis {

	private final NDArray image;
	private final List<NDArray> features;
	private final List<NDArray> blockImages;

	Synthesis(final NDArray image, final List<NDArray> features, final List<NDArray> blockImages) {
		this.image = image;
		this.features = Collections.unmodifiableList(features);
		this.blockImages = Collections.unmodifiableList(blockImages);
	}

	/** [N, imgChannels, R, R] float32, nominal range [-1, 1]; null unless requested and every block ran. */
	public NDArray image() {
		return image;
	}

	/** The output x of every block run, b4 first (DragGAN's {@code feat} list, docs/algorithm.md#latent-fed-to-the-generator). */
	public List<NDArray> features() {
		return features;
	}

	/** With {@link SynthesisOptions#blockImages}: the running image after each block that has one; else empty. */
	public List<NDArray> blockImages() {
		return blockImages;
	}
}
