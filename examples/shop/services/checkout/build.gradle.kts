plugins {
    application
}

group = "com.acme.shop"
version = "2.0.3"

java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(21)
    }
}

repositories {
    mavenCentral()
}

dependencies {
    testImplementation("org.junit.jupiter:junit-jupiter:5.11.3")
    testRuntimeOnly("org.junit.platform:junit-platform-launcher")
}

application {
    mainClass = "com.acme.shop.checkout.CheckoutApplication"
}

tasks.test {
    useJUnitPlatform()
}
