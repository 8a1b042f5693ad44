package hipstershop;

final class AdService {
}
