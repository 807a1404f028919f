package sc.fiji.draggan.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Checkpoints of other network families are refused with one line naming what they are. */
public class OtherNetworksTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private Path pickle(final String... keys) throws IOException {
		final Map<String, Object> root = new LinkedHashMap<>();
		for (final String k : keys) root.put(k, 1);
		final Path f = tmp.newFile().toPath();
		Files.write(f, Protocol2Pickles.dumps(root));
		return f;
	}

	@Test
	public void bigGanAndDiffusionStateDictsAreNamed() throws IOException {
		ProtocolTwoPickleTest.assertMessage(pickle("shared.weight", "linear.weight", "blocks.0.0.conv1.weight"),
			"is a BigGAN network, not a StyleGAN2 generator");
		ProtocolTwoPickleTest.assertMessage(pickle("time_embed.0.weight", "input_blocks.0.0.weight"),
			"is a diffusion model (U-Net), not a StyleGAN2 generator");
		ProtocolTwoPickleTest.assertMessage(pickle("something.else"), "is not a StyleGAN2 generator checkpoint (no G_ema in the pickle");
	}
}
