package dev.slipway.generate.ci.tekton;

import dev.slipway.generate.SourceTree;
import dev.slipway.generate.ci.CiScript;
import dev.slipway.generate.ci.ReleasePipeline.BuildTrack;
import dev.slipway.generate.docker.BuildInspector;
import dev.slipway.generate.docker.ServiceBuild;
import java.util.LinkedHashMap;

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

    public static List<GeneratedFile> of(SystemSpec spec, SourceTree sources) {
        Map<String, ServiceBuild> builds = new LinkedHashMap<>();
        BuildInspector.all(spec, sources).forEach(build -> builds.put(build.name(), build));
        ReleasePipeline pipeline = new ReleasePipeline(spec, builds);
        List<Service> built = pipeline.builtServices();
        if (built.isEmpty()) {
            throw new GenerationException("no service is built from source, so the Tekton pipeline has nothing to build",
                    "give a service `path:` and `language:`, or leave tekton out of ci.providers");
        }
        List<GeneratedFile> files = new ArrayList<>();
        files.add(file("tasks/" + Tasks.CLONE, Tasks.cloneTask()));
        // one test Task per service: each has its own toolchain version, wrapper and test commands
        built.forEach(service -> files.add(file("tasks/" + Tasks.testName(service.name()), Tasks.testTask(builds.get(service.name())))));
        List<BuildTrack> tracks = dev.slipway.generate.ci.ReleasePipeline.of(spec, sources).builds();
        files.add(file("tasks/" + Tasks.CHANGES, Tasks.changesTask(pipeline.firstEnvironment(), tracks)));
        files.add(file("tasks/" + Tasks.BUILD, Tasks.buildTask()));
        files.add(file("tasks/" + Tasks.RECORD, Tasks.recordTask()));
        files.add(file("tasks/" + Tasks.RELEASE, Tasks.releaseTask()));
        files.add(file("tasks/" + Tasks.PROMOTE, Tasks.promoteTask()));
        files.add(new GeneratedFile(DIR + "pipeline.yaml", "# " + Layout.HEADER_TEXT + "\n"
                + "# Install: kubectl apply -R -f tekton/ and a Secret `" + Tasks.SLIPWAY_SECRET + "` with keys url (slipway serve)"
                + " and token (a deployer token).\n"
                + "# Run on each push to " + spec.ci().mainBranch() + " (e.g. from a Tekton Trigger): tkn pipeline start "
                + ReleasePipeline.name(spec) + " -p revision=COMMIT -w name=source,volumeClaimTemplateFile=PVC.yaml"
                + " -w name=docker-credentials,secret=SECRET\n"
                + Yaml.write(pipeline.document())));
        files.add(new GeneratedFile(DIR + "promotion.yaml", "# " + Layout.HEADER_TEXT + "\n"
                + "# Run: tkn pipeline start " + ReleasePipeline.promotionName(spec)
                + " -p environment=ENV -w name=source,volumeClaimTemplateFile=PVC.yaml\n"
                + Yaml.write(pipeline.promotionDocument())));
        files.add(CiScript.file());
        return files;
    }

    private static GeneratedFile file(String name, Map<String, Object> document) {
        return new GeneratedFile(DIR + name + ".yaml", "# " + Layout.HEADER_TEXT + "\n" + Yaml.write(document));
    }
}
