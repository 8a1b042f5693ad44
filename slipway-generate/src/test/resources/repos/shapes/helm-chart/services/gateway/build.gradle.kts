plugins {
    kotlin("jvm") version "1.9.24"
    id("org.springframework.boot") version "3.3.0"
}
