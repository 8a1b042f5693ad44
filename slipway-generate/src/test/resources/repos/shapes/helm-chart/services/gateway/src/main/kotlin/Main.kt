package shop

fun main() {}
