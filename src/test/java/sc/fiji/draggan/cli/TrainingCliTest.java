package sc.fiji.draggan.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The training verbs end to end on a tiny data set: synth → train (with ADA) → eval, and their usage errors. */
public class TrainingCliTest {

	@Test
	public void synthTrainEval() throws Exception {
		final Path dir = Files.createTempDirectory("draggan-training-cli");
		final Path data = dir.resolve("data"), again = dir.resolve("again");
		DragGanCliTest.Run r = DragGanCliTest.run("synth", "cells", "--n", "16", "--res", "16", "--out", data.toString(), "--seed", "4", "--nuclei", "1-2");
		assertEquals(r.err, 0, r.status);
		assertTrue(r.out, r.out.contains("1-2 nuclei"));
		DragGanCliTest.run("synth", "cells", "--n", "16", "--res", "16", "--out", again.toString(), "--seed", "4", "--nuclei", "1-2");
		for (int i = 0; i < 16; i++) {
			final String name = String.format("cells_%05d.png", i);
			assertArrayEquals("synth is deterministic: " + name, Files.readAllBytes(data.resolve(name)), Files.readAllBytes(again.resolve(name)));
		}

		final Path model = dir.resolve("m.safetensors");
		r = DragGanCliTest.run("train", "--data", data.toString(), "--res", "16", "--out", model.toString(), "--kimg", "0.016", "--batch", "4",
			"--snapshot-every", "0", "--channel-base", "256", "--channel-max", "32", "--z-dim", "32", "--augment", "ada", "--ada-kimg", "0.01",
			"--device", "cpu");
		assertEquals(r.err, 0, r.status);
		assertTrue(Files.isRegularFile(model));
		assertTrue(Files.isRegularFile(dir.resolve("m.ckpt.safetensors")));
		assertTrue("ADA reports p: " + r.out, r.out.contains("aug p"));
		assertTrue(r.out, r.out.contains("lr G 0.0025 D 0.0025"));

		// finish the run at a lower rate: the checkpoint's options, except length and rates
		final Path resumed = dir.resolve("m2.safetensors");
		r = DragGanCliTest.run("train", "--data", data.toString(), "--res", "16", "--out", resumed.toString(), "--kimg", "0.032",
			"--resume", dir.resolve("m.ckpt.safetensors").toString(), "--lr", "0.0005", "--snapshot-every", "0", "--device", "cpu");
		assertEquals(r.err, 0, r.status);
		assertTrue(r.out, r.out.contains("lr G 0.0005 D 0.0005") && r.out.contains("resuming"));
		assertTrue(Files.isRegularFile(resumed));

		r = DragGanCliTest.run("eval", "--model", model.toString(), "--data", data.toString(), "--n", "16", "--device", "cpu");
		assertEquals(r.err, 0, r.status);
		final String[] lines = r.out.trim().split("\n");
		final JsonObject j = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
		assertTrue(j.toString(), j.get("swd_ratio").getAsDouble() > 0 && j.get("swd_floor").getAsDouble() > 0);
	}

	@Test
	public void badTrainingOptionsAreUsageErrors() throws Exception {
		final Path dir = Files.createTempDirectory("draggan-training-cli-bad");
		DragGanCliTest.Run r = DragGanCliTest.run("synth", "cells", "--n", "2", "--res", "16", "--out", dir.toString(), "--nuclei", "3-1");
		assertEquals(2, r.status);
		assertTrue(r.err, r.err.contains("nuclei"));
		r = DragGanCliTest.run("synth", "cells", "--n", "2", "--res", "16", "--out", dir.toString(), "--nuclei", "some");
		assertEquals(2, r.status);
		assertTrue(r.err, r.err.contains("--nuclei must be"));
		r = DragGanCliTest.run("synth", "cells", "--n", "2", "--res", "16", "--out", dir.toString(), "--layout", "random");
		assertEquals(2, r.status);
		assertTrue(r.err, r.err.contains("--layout must be field, centred or shifted"));
		r = DragGanCliTest.run("train", "--data", dir.toString(), "--res", "16", "--out", dir.resolve("m.safetensors").toString(), "--augment", "often");
		assertEquals(2, r.status);
		assertTrue(r.err, r.err.contains("augmentation must be none, ada or a probability"));
	}
}
