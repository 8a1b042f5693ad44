package dev.slipway.generate.ci.tekton;

import dev.slipway.generate.GeneratedFile;
import dev.slipway.generate.GenerationException;
import dev.slipway.generate.Layout;
import dev.slipway.generate.docker.Dockerfiles;
import dev.slipway.model.BuildTool;
import dev.slipway.model.Service;
import dev.slipway.model.SystemSpec;
import dev.slipway.generate.support.Yaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The files of the tekton target: one file per Task under {@code tekton/tasks/}, and the Pipeline. */
public final class TektonFiles {

    static final String DIR = "tekton/";

    private TektonFiles() {
    }

    public static List<GeneratedFile> of(SystemSpec spec) {
        ReleasePipeline pipeline = new ReleasePipeline(spec);
        List<Service> built = pipeline.builtServices();
        if (built.isEmpty()) {
            throw new GenerationException("no service is built from source, so the Tekton pipeline has nothing to build",
                    "give a service `path:` and `language:`, or leave tekton out of ci.providers");
        }
        List<GeneratedFile> files = new ArrayList<>();
        files.add(file("tasks/" + Tasks.CLONE, Tasks.cloneTask()));
        // one test Task per build tool in use, in the enum's order for stable output
        TreeSet<BuildTool> tools = new TreeSet<>();
        built.forEach(service -> tools.add(Dockerfiles.buildTool(service)));
        tools.forEach(tool -> files.add(file("tasks/" + Tasks.testName(tool), Tasks.testTask(tool))));
        files.add(file("tasks/" + Tasks.BUILD, Tasks.buildTask()));
        files.add(file("tasks/" + Tasks.SCAN, Tasks.scanTask()));
        files.add(file("tasks/" + Tasks.DEPLOY, Tasks.deployTask()));
        files.add(new GeneratedFile(DIR + "pipeline.yaml", "# " + Layout.HEADER_TEXT + "\n"
                + "# Install: kubectl apply -R -f tekton/   Run: tkn pipeline start " + ReleasePipeline.name(spec)
                + " -p image-tag=VERSION -w name=source,volumeClaimTemplateFile=PVC.yaml"
                + " -w name=docker-credentials,secret=SECRET\n"
                + Yaml.write(pipeline.document())));
        return files;
    }

    private static GeneratedFile file(String name, Map<String, Object> document) {
        return new GeneratedFile(DIR + name + ".yaml", "# " + Layout.HEADER_TEXT + "\n" + Yaml.write(document));
    }
}
