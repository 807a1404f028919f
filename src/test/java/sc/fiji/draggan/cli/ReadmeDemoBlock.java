package sc.fiji.draggan.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The demo's output as the README documents it: the JSON line of the fenced block that follows the
 * {@code <!-- demo-output ... -->} line (docs/engineering.md, "Tests"). The README is the one place
 * these numbers live, so a new run pasted there is all a change of the demo or model needs.
 */
final class ReadmeDemoBlock {

	static final String MARKER = "<!-- demo-output";

	private ReadmeDemoBlock() {}

	static JsonObject read(final Path readme) throws IOException {
		final List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
		int i = 0;
		while (i < lines.size() && !lines.get(i).trim().startsWith(MARKER)) i++;
		if (i == lines.size()) throw new IllegalStateException(readme + " has no '" + MARKER + "' line");
		i++;
		if (i >= lines.size() || !lines.get(i).trim().startsWith("```")) throw new IllegalStateException(readme + ": no fenced block right after the '" + MARKER + "' line");
		final StringBuilder json = new StringBuilder();
		for (i++; i < lines.size() && !lines.get(i).trim().startsWith("```"); i++) json.append(lines.get(i)).append('\n');
		if (i == lines.size()) throw new IllegalStateException(readme + ": the demo-output block is not closed");
		return JsonParser.parseString(json.toString()).getAsJsonObject();
	}
}
