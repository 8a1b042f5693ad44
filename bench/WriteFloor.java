import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The file-system floor of the generate benchmark: writes the files a generate run wrote, same paths and same
 * sizes, straight into place, one directory creation per directory and one write per file, nothing else.
 * Usage: WriteFloor LISTING OUT_DIR, where each LISTING line is "size path" (as find -printf '%s %P\n' prints).
 */
public final class WriteFloor {

    public static void main(String[] args) throws IOException {
        List<String[]> files = Files.readAllLines(Path.of(args[0])).stream().map(line -> line.split(" ", 2)).toList();
        Path out = Path.of(args[1]);
        TreeSet<Path> directories = new TreeSet<>();
        for (String[] file : files) {
            directories.add(out.resolve(file[1]).getParent());
        }
        for (Path directory : directories) {
            Files.createDirectories(directory);
        }
        for (String[] file : files) {
            byte[] content = new byte[Integer.parseInt(file[0])];
            Arrays.fill(content, (byte) 'x');
            Files.write(out.resolve(file[1]), content);
        }
    }
}
