// Drag GAN example 3: a batch of edits over a folder, saving one result stack per image.
// Every TIFF in the input folder must carry a Drag GAN latent (made by Drag GAN Generate... or an
// earlier drag and saved as TIFF); its handle>target pairs come from points.csv in that folder
// ("file,points" lines, points as x,y>tx,ty;...), else from points=[...] given as an argument.
//
//   ./draggan imagej -batch macros/batch_folder.ijm
//   ./draggan imagej -batch macros/batch_folder.ijm "model=[/path/to/model.pkl] in=[/my/folder] out=[/tmp/draggan]"
//
// model: the model the images were made with; empty = bundled cell model.
// in defaults to test-images/batch next to this macro's folder (images made by the bundled cell model);
// out: folder for the results (default: temp folder); n_steps: at most this many drag steps per image (default 10).

model = call("ij.Macro.getValue", getArgument(), "model", "");
modelKey = "";
if (model != "") modelKey = "model=[" + model + "] ";
here = File.getDirectory(getInfo("macro.filepath"));
in = call("ij.Macro.getValue", getArgument(), "in", here + ".." + File.separator + "test-images" + File.separator + "batch");
out = call("ij.Macro.getValue", getArgument(), "out", getDirectory("temp") + "draggan");
defaultPoints = call("ij.Macro.getValue", getArgument(), "points", "");
steps = call("ij.Macro.getValue", getArgument(), "n_steps", "10");
if (!endsWith(in, File.separator)) in = in + File.separator;
File.makeDirectory(out);

// points per file
table = newArray(0);
if (File.exists(in + "points.csv")) table = split(File.openAsString(in + "points.csv"), "\n");

setBatchMode(true);
files = getFileList(in);
done = 0;
for (f = 0; f < files.length; f++) {
	name = files[f];
	if (!endsWith(toLowerCase(name), ".tif") && !endsWith(toLowerCase(name), ".tiff")) continue;
	points = defaultPoints;
	for (t = 0; t < table.length; t++) {
		cols = split(table[t], ",");
		if (cols.length > 1 && cols[0] == name) points = substring(table[t], lengthOf(name) + 1);
	}
	if (points == "") { print("skipped " + name + ": no points in points.csv and no points= argument"); continue; }
	open(in + name);
	source = getImageID();
	run("Drag GAN...", modelKey + "points=[" + points + "] n_steps=" + steps + " every=1 lr=0.02");
	setSlice(nSlices);
	print(name + " -> " + getTitle() + ": " + nSlices + " frames, " + getInfo("slice.label"));
	base = substring(name, 0, lastIndexOf(name, "."));
	saveAs("Tiff", out + File.separator + base + "_draggan.tif");
	close();
	selectImage(source);
	close();
	done++;
}
print("batch done: " + done + " stacks in " + out);
