package dev.slipway.generate.init;

import dev.slipway.model.VersionRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * slipway.yaml accepts only pinned images. For an image the repository runs with a moving tag ({@code latest}, none,
 * a word such as {@code alpine}), init writes the newest pinned tag the repository itself uses for that image
 * anywhere (another compose file, a manifest, a Dockerfile {@code FROM}); failing that, a known version of the
 * datastore, or a placeholder version, with a comment asking the user to check it.
 */
final class ImagePins {

    /** The image to write and, when it was changed, the comment to write above the service. */
    record Pin(String image, Optional<String> note) {
    }

    private static final Pattern VERSION_TAG = Pattern.compile("^v?(\\d+)(?:\\.(\\d+))?(?:[.+-].*)?$");
    private static final Pattern FROM = Pattern.compile("(?im)^\\s*FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)");

    private ImagePins() {
    }

    static boolean mutable(String image) {
        if (image.contains("@sha256:")) {
            return false;
        }
        String tag = tag(image);
        return tag.isEmpty() || tag.equals("latest") || tag.chars().noneMatch(Character::isDigit);
    }

    static Pin pin(String image, Collection<String> imagesInRepository) {
        if (!mutable(image)) {
            return new Pin(image, Optional.empty());
        }
        String repository = KnownImages.repository(image);
        String word = tag(image).equals("latest") ? "" : tag(image);
        List<String> pinned = imagesInRepository.stream()
                .filter(i -> KnownImages.repository(i).equals(repository) && !mutable(i) && !i.contains("@"))
                .map(ImagePins::tag).distinct().toList();
        Optional<String> newest = pinned.stream().filter(t -> word.isEmpty() || t.endsWith(word))
                .max(Comparator.comparing(ImagePins::numbers, ImagePins::compare))
                .or(() -> pinned.stream().max(Comparator.comparing(ImagePins::numbers, ImagePins::compare)));
        if (newest.isPresent()) {
            return new Pin(repository + ":" + newest.get(), Optional.of("init: " + image + " has no fixed version; "
                    + newest.get() + " is the newest pinned tag of it elsewhere in this repository"));
        }
        Optional<String> known = KnownImages.datastore(image).map(KnownImages.Datastore::version)
                .map(v -> word.isEmpty() ? v : v + "-" + word);
        String version = known.orElse("0.0.0");
        return new Pin(repository + ":" + version, Optional.of("init: " + image + " has no fixed version; "
                + (known.isPresent() ? version + " is a recent release" : version + " is a placeholder")
                + " - check it against what you run and pin that"));
    }

    /** The image with the newest version tag among pinned images of one repository. */
    static Optional<String> newest(List<String> images) {
        return images.stream().filter(i -> !i.contains("@"))
                .max(Comparator.comparing((String i) -> numbers(tag(i)), ImagePins::compare));
    }

    /** Every image the repository names: workloads anywhere (add-ons too) and Dockerfile base images. */
    static List<String> inRepository(RepositoryTree tree, List<Workload> workloads) {
        List<String> images = new ArrayList<>();
        workloads.forEach(w -> w.image().ifPresent(images::add));
        for (String file : tree.files()) {
            String name = RepositoryTree.fileName(file);
            if (name.equals("Dockerfile") || name.startsWith("Dockerfile.") || name.endsWith(".Dockerfile")) {
                tree.read(file).ifPresent(text -> FROM.matcher(text).results().map(m -> m.group(1)).forEach(images::add));
            }
        }
        return images;
    }

    /** Of the images the workloads of one service name, a pinned one (the newest tag) over an unpinned one. */
    static String newestPinned(List<String> images) {
        List<String> pinned = images.stream().filter(i -> !ImagePins.mutable(i)).distinct().toList();
        if (pinned.size() <= 1) {
            return pinned.isEmpty() ? images.getFirst() : pinned.getFirst();
        }
        return ImagePins.newest(pinned).orElse(pinned.getFirst());
    }

    static Optional<VersionRange> versionRange(String image) {
        Matcher version = VERSION_TAG.matcher(ImagePins.tag(image));
        if (image.contains("@") || !version.matches()) {
            return Optional.empty();
        }
        String range = "^" + version.group(1) + (version.group(2) == null ? "" : "." + version.group(2));
        return VersionRange.parse(range);
    }

    static String tag(String image) {
        String withoutDigest = image.replaceAll("@.*$", "");
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(colon + 1) : "";
    }

    private static long[] numbers(String tag) {
        return Arrays.stream(tag.replaceFirst("^v", "").split("\\D+")).filter(s -> !s.isEmpty() && s.length() < 12)
                .mapToLong(Long::parseLong).toArray();
    }

    private static int compare(long[] a, long[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return Long.compare(a[i], b[i]);
            }
        }
        return Integer.compare(a.length, b.length);
    }
}
