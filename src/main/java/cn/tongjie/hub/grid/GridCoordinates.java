package cn.tongjie.hub.grid;

/**
 * Grid contract §5.3: the app sends GCJ-02; the canonical location is WGS-84. The forward transform WGS-84 → GCJ-02 is
 * the well-known public one (Krasovsky 1940 ellipsoid, a = 6378245, ee = 0.00669342162296594323, the published
 * polynomial offsets); GCJ-02 → WGS-84 inverts it by fixed-point iteration until the forward image is within 1e-9°
 * (sub-millimetre). BD-09 is not used by this contract and is not converted here.
 */
final class GridCoordinates {

    private static final double A = 6378245.0;
    private static final double EE = 0.00669342162296594323;

    record LatLon(double lat, double lon) {
    }

    private GridCoordinates() {
    }

    static LatLon wgs84ToGcj02(double lat, double lon) {
        if (outsideChina(lat, lon)) {
            return new LatLon(lat, lon); // the offset is only applied inside mainland China
        }
        double dLat = transformLat(lon - 105.0, lat - 35.0);
        double dLon = transformLon(lon - 105.0, lat - 35.0);
        double radLat = lat / 180.0 * Math.PI;
        double magic = Math.sin(radLat);
        magic = 1 - EE * magic * magic;
        double sqrtMagic = Math.sqrt(magic);
        dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
        dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
        return new LatLon(lat + dLat, lon + dLon);
    }

    static LatLon gcj02ToWgs84(double lat, double lon) {
        if (outsideChina(lat, lon)) {
            return new LatLon(lat, lon);
        }
        double wLat = lat;
        double wLon = lon;
        for (int i = 0; i < 30; i++) {
            LatLon g = wgs84ToGcj02(wLat, wLon);
            double eLat = g.lat() - lat;
            double eLon = g.lon() - lon;
            if (Math.abs(eLat) < 1e-9 && Math.abs(eLon) < 1e-9) {
                break;
            }
            wLat -= eLat;
            wLon -= eLon;
        }
        return new LatLon(wLat, wLon);
    }

    private static boolean outsideChina(double lat, double lon) {
        return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
    }

    private static double transformLat(double x, double y) {
        double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
        r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return r;
    }

    private static double transformLon(double x, double y) {
        double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
        r += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return r;
    }
}
