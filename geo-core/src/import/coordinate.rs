//! Reading one coordinate value from a table cell: decimal degrees, projected metres, or
//! degrees–minutes–seconds as people type them (118°05'30"E, 24°28'12.5", 118度05分30秒,
//! N24.47, -118.5).

/// Which axis a value is for; decides which hemisphere letters are allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    Lon,
    Lat,
}

/// Parses a cell. Returns the value in degrees (or metres for a plain number in a
/// projected CRS), or a reason in Chinese and English.
pub fn parse_coordinate(raw: &str, axis: Axis) -> Result<f64, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("空值 / empty".into());
    }
    // Hemisphere letter before or after.
    let (mut sign, mut body) = (1.0, s.to_string());
    let hemis: &[(char, f64)] = match axis {
        Axis::Lon => &[('E', 1.0), ('W', -1.0), ('东', 1.0), ('西', -1.0)],
        Axis::Lat => &[('N', 1.0), ('S', -1.0), ('北', 1.0), ('南', -1.0)],
    };
    let wrong: &[char] = match axis {
        Axis::Lon => &['N', 'S', 'n', 's', '北', '南'],
        Axis::Lat => &['E', 'W', 'e', 'w', '东', '西'],
    };
    if body.chars().any(|c| wrong.contains(&c)) {
        return Err(format!(
            "半球字母与{}不符 / hemisphere letter does not fit this column",
            axis_zh(axis)
        ));
    }
    for &(h, sg) in hemis {
        let lower = h.to_ascii_lowercase();
        for c in [h, lower] {
            if let Some(rest) = body.strip_suffix(c).or_else(|| body.strip_prefix(c)) {
                sign = sg;
                body = rest.trim().to_string();
            }
        }
    }
    body = body
        .trim_start_matches(['经', '纬'])
        .trim_end_matches(['经', '纬'])
        .trim()
        .to_string();
    if let Ok(v) = body.parse::<f64>() {
        if !v.is_finite() {
            return Err("不是有限数值 / not a finite number".into());
        }
        return Ok(sign * v);
    }
    // DMS: split on degree/minute/second marks and spaces.
    let negative = body.starts_with('-');
    let parts: Vec<&str> = body
        .trim_start_matches(['-', '+'])
        .split(|c: char| "°º˚度'’′分\"”″秒: ".contains(c))
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() || parts.len() > 3 {
        return Err("无法识别的坐标格式 / unrecognised coordinate format".into());
    }
    let nums: Vec<f64> = parts
        .iter()
        .map(|p| {
            p.parse::<f64>()
                .map_err(|_| format!("\"{p}\" 不是数字 / \"{p}\" is not a number"))
        })
        .collect::<Result<_, _>>()?;
    if nums.iter().skip(1).any(|m| *m < 0.0 || *m >= 60.0) {
        return Err("分、秒须在 0–60 之间 / minutes and seconds must be within 0–60".into());
    }
    let deg = nums[0] + nums.get(1).unwrap_or(&0.0) / 60.0 + nums.get(2).unwrap_or(&0.0) / 3600.0;
    Ok(if negative { -sign * deg } else { sign * deg })
}

fn axis_zh(axis: Axis) -> &'static str {
    match axis {
        Axis::Lon => "经度",
        Axis::Lat => "纬度",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn coordinate_decimal_and_dms() {
        assert_eq!(parse_coordinate(" 118.0894 ", Axis::Lon), Ok(118.0894));
        assert!(close(
            parse_coordinate("118°05'30\"E", Axis::Lon).unwrap(),
            118.0 + 5.0 / 60.0 + 30.0 / 3600.0
        ));
        assert!(close(
            parse_coordinate("24°28'12.5\"", Axis::Lat).unwrap(),
            24.0 + 28.0 / 60.0 + 12.5 / 3600.0
        ));
        assert!(close(
            parse_coordinate("118度05分30秒", Axis::Lon).unwrap(),
            118.091_666_666_666_67
        ));
        assert!(close(parse_coordinate("N24.47", Axis::Lat).unwrap(), 24.47));
        assert!(close(
            parse_coordinate("24°28.5′S", Axis::Lat).unwrap(),
            -24.475
        ));
        assert!(close(
            parse_coordinate("东经118.5", Axis::Lon).unwrap(),
            118.5
        ));
        assert!(close(
            parse_coordinate("-70 30 0", Axis::Lon).unwrap(),
            -70.5
        ));
        assert_eq!(parse_coordinate("39512345.6", Axis::Lon), Ok(39_512_345.6));
    }

    #[test]
    fn coordinate_rejects_nonsense_with_reason() {
        assert!(parse_coordinate("", Axis::Lon)
            .unwrap_err()
            .contains("empty"));
        assert!(parse_coordinate("abc", Axis::Lon)
            .unwrap_err()
            .contains("not a number"));
        assert!(parse_coordinate("118°75'", Axis::Lon)
            .unwrap_err()
            .contains("0–60"));
        assert!(parse_coordinate("24.5N", Axis::Lon)
            .unwrap_err()
            .contains("hemisphere"));
        assert!(parse_coordinate("NaN", Axis::Lat).is_err());
        assert!(parse_coordinate("1°2'3\"4", Axis::Lat).is_err());
    }
}
